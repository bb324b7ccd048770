//! MAP summaries: one cheap-model call per distinct content (more only for a file split into
//! parts), cached by a key over exactly what decides the answer. Files that must never reach a
//! model (lockfiles, generated, vendored, secret) are never summarized.

use crate::prompts::{Prompt, Prompts};
use cartograph_core::{ContentHash, FileHead, FileMap, FileSet, Phase, RepoPath};
use cartograph_llm::{CompletionRequest, LlmClient, LlmError, Message, Role};
use cartograph_store::{put_json, Store};
use futures_util::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Summaries are keyed by `summary_key`, in a tree versioned like the rest of the cache.
pub const SUMMARY_TREE: &str = "summaries-v1";
/// Calls in flight at once; the provider layer's own limits decide what actually goes out.
const IN_FLIGHT: usize = 16;
/// Tokens reserved for the prompt around the source when deciding to split a file.
const PROMPT_OVERHEAD_TOKENS: usize = 600;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileSummary {
    pub text: String,
    pub key: String,
    pub model: String,
}

/// The summaries as rendering reads them: text and cache key, by path.
pub fn render_summaries(
    summaries: &BTreeMap<RepoPath, FileSummary>,
) -> BTreeMap<RepoPath, cartograph_render::Summary> {
    summaries
        .iter()
        .map(|(path, summary)| {
            (
                path.clone(),
                cartograph_render::Summary {
                    text: summary.text.clone(),
                    key: summary.key.clone(),
                },
            )
        })
        .collect()
}

/// What a model returns for one file; parsed tolerantly.
#[derive(Debug, Clone, Default, Deserialize)]
struct SummaryReply {
    /// Models asked for `purpose` sometimes answer `summary`; both mean the same.
    #[serde(alias = "summary", alias = "description")]
    purpose: String,
    #[serde(default)]
    key_symbols: Vec<KeySymbol>,
    #[serde(default)]
    usage: String,
    #[serde(default)]
    risks: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct KeySymbol {
    name: String,
    #[serde(default)]
    what: String,
}

#[derive(Debug, Default, Clone)]
pub struct SummarizeReport {
    pub summarized: u64,
    pub cached: u64,
    pub degraded: Vec<RepoPath>,
    pub budget_reached: bool,
    pub left_structural: u64,
}

/// The cache key of a file's summary: the prompt (version and text), the model chain, the
/// limits, the language and the file's semantic hash. The prompt does not name the path, so a
/// renamed file or an identical copy shares its summary, and an edit that only touches comments
/// or whitespace keeps it.
pub fn summary_key(
    prompt: &Prompt,
    models: &str,
    max_input: u32,
    max_output: u32,
    file: &FileMap,
) -> String {
    summary_key_of(prompt, models, max_input, max_output, &FileHead::of(file))
}

/// [`summary_key`] from what a file's head says (its language and semantic hash), so that a
/// load decodes no map to look its summaries up.
pub fn summary_key_of(
    prompt: &Prompt,
    models: &str,
    max_input: u32,
    max_output: u32,
    file: &FileHead<'_>,
) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in [
        prompt.version_tag().as_str(),
        models,
        &max_input.to_string(),
        &max_output.to_string(),
        file.language.name(),
    ] {
        hasher.update(part.as_bytes());
        hasher.update(b"\0");
    }
    let content = file.semantic_hash.unwrap_or(file.hash);
    hasher.update(content.as_bytes());
    ContentHash::from(hasher.finalize()).to_hex()
}

pub struct Summarizer<'a> {
    pub store: &'a dyn Store,
    pub client: &'a LlmClient,
    pub prompts: &'a Prompts,
    pub models: String,
    pub max_input_tokens: u32,
    pub max_output_tokens: u32,
}

impl Summarizer<'_> {
    pub fn key_for(&self, file: &FileMap) -> Option<String> {
        let prompt = self.prompts.get("map-summary")?;
        Some(summary_key(
            prompt,
            &self.models,
            self.max_input_tokens,
            self.max_output_tokens,
            file,
        ))
    }

    /// Cached summaries of `files`, without calling anything.
    pub fn cached(&self, files: &[FileMap]) -> BTreeMap<RepoPath, FileSummary> {
        cached_summaries(
            self.store,
            self.prompts,
            &self.models,
            self.max_input_tokens,
            self.max_output_tokens,
            files,
        )
    }

    /// Summarizes every eligible file of `files` (most central first, so a budget leaves the
    /// least central ones structural) and returns all summaries, cached or new.
    pub async fn summarize(
        &self,
        files: &[FileMap],
        centrality: &BTreeMap<RepoPath, f64>,
        sources: &(dyn Fn(&RepoPath) -> Option<String> + Sync),
    ) -> Result<(BTreeMap<RepoPath, FileSummary>, SummarizeReport), LlmError> {
        let mut report = SummarizeReport::default();
        let mut summaries = BTreeMap::new();
        let mut pending: BTreeMap<String, Vec<&FileMap>> = BTreeMap::new();
        let keyed: Vec<(&FileMap, String)> = files
            .iter()
            .filter(|file| eligible(file))
            .filter_map(|file| Some((file, self.key_for(file)?)))
            .collect();
        let found = lookup_many(self.store, keyed.iter().map(|(_, key)| key.as_str()));
        for ((file, key), summary) in keyed.into_iter().zip(found) {
            match summary {
                Some(summary) => {
                    report.cached += 1;
                    summaries.insert(file.path.clone(), summary);
                }
                None => pending.entry(key).or_default().push(file),
            }
        }
        // One call per distinct key: the first file of each group speaks for its twins.
        let mut groups: Vec<(String, Vec<&FileMap>)> = pending.into_iter().collect();
        groups.sort_by(|a, b| {
            let rank =
                |files: &Vec<&FileMap>| centrality.get(&files[0].path).copied().unwrap_or(0.0);
            rank(&b.1)
                .total_cmp(&rank(&a.1))
                .then_with(|| a.1[0].path.cmp(&b.1[0].path))
        });
        let mut results = stream::iter(groups.into_iter().map(|(key, group)| async move {
            let file = group[0];
            let outcome = match sources(&file.path) {
                Some(source) => self.summarize_one(file, &source, &key).await,
                None => Err(LlmError::Offline {
                    degraded: true,
                    reason: None,
                }),
            };
            (key, group, outcome)
        }))
        .buffer_unordered(IN_FLIGHT);
        let mut quota = None;
        while let Some((_, group, outcome)) = results.next().await {
            match outcome {
                Ok(summary) => {
                    report.summarized += 1;
                    for file in group {
                        summaries.insert(file.path.clone(), summary.clone());
                    }
                }
                Err(LlmError::Budget { .. }) => {
                    report.budget_reached = true;
                    report.left_structural += group.len() as u64;
                }
                Err(LlmError::Offline {
                    degraded: false, ..
                }) => {}
                Err(error @ LlmError::Quota { .. }) => quota = Some(error),
                Err(error) => {
                    tracing::debug!(%error, "summary degraded");
                    report
                        .degraded
                        .extend(group.iter().map(|file| file.path.clone()));
                }
            }
        }
        if let Some(error) = quota {
            return Err(error);
        }
        Ok((summaries, report))
    }

    async fn summarize_one(
        &self,
        file: &FileMap,
        source: &str,
        key: &str,
    ) -> Result<FileSummary, LlmError> {
        let prompt = self.prompts.get("map-summary").ok_or(LlmError::Offline {
            degraded: true,
            reason: None,
        })?;
        let budget = (self.max_input_tokens as usize)
            .saturating_sub(PROMPT_OVERHEAD_TOKENS)
            .max(256);
        let parts = split_at_symbols(file, source, budget);
        let (reply, model) = if parts.len() == 1 {
            self.ask(prompt, file, source, "", &[]).await?
        } else {
            let mut part_texts = Vec::new();
            let mut model = String::new();
            for (index, (first, last, text)) in parts.iter().enumerate() {
                let note = format!(
                    "This is part {} of {} (lines {first}-{last}).",
                    index + 1,
                    parts.len()
                );
                let (reply, served) = self.ask(prompt, file, text, &note, &[]).await?;
                part_texts.push(format_reply(&reply));
                model = served;
            }
            let merge = self.prompts.get("map-merge").ok_or(LlmError::Offline {
                degraded: true,
                reason: None,
            })?;
            let joined = part_texts
                .iter()
                .enumerate()
                .map(|(index, text)| format!("Part {}: {text}", index + 1))
                .collect::<Vec<_>>()
                .join("\n");
            let (reply, _) = self.ask(merge, file, "", "", &[("parts", &joined)]).await?;
            (reply, model)
        };
        let summary = FileSummary {
            text: format_reply(&reply),
            key: key.to_string(),
            model,
        };
        let _ = put_json(self.store, SUMMARY_TREE, key.as_bytes(), &summary);
        Ok(summary)
    }

    /// One call, with one repair attempt for a reply that is not the JSON asked for.
    async fn ask(
        &self,
        prompt: &Prompt,
        file: &FileMap,
        source: &str,
        part_note: &str,
        extra: &[(&str, &str)],
    ) -> Result<(SummaryReply, String), LlmError> {
        let symbols = file
            .parsed
            .symbols
            .iter()
            .take(60)
            .map(|symbol| format!("{} {}", symbol.kind.as_str(), symbol.name))
            .collect::<Vec<_>>()
            .join(", ");
        // Everything quoted from the repository passes the secret gate first.
        let (source, mut redactions) = crate::gate::redact(source);
        let mut gated_extra = Vec::with_capacity(extra.len());
        for (name, value) in extra {
            let (value, count) = crate::gate::redact(value);
            redactions += count;
            gated_extra.push((*name, value));
        }
        let mut values = vec![
            ("language", file.language.name()),
            ("symbols", symbols.as_str()),
            ("part_note", part_note),
            ("source", source.as_str()),
        ];
        values.extend(
            gated_extra
                .iter()
                .map(|(name, value)| (*name, value.as_str())),
        );
        let mut messages = vec![
            Message {
                role: Role::System,
                content: prompt.render_system(&values),
            },
            Message {
                role: Role::User,
                content: prompt.render_user(&values),
            },
        ];
        for attempt in 0..2 {
            let completion = self
                .client
                .complete(CompletionRequest {
                    phase: Phase::Map,
                    messages: messages.clone(),
                    max_output_tokens: Some(self.max_output_tokens),
                    temperature: Some(0.0),
                    json_output: true,
                    prompt_version: prompt.version_tag(),
                    files: vec![file.path.to_string()],
                    redactions,
                    local_only: file.flags.local_only,
                })
                .await?;
            if let Some(reply) = parse_reply(&completion.text) {
                return Ok((reply, completion.served_model));
            }
            if attempt == 0 {
                messages.push(Message {
                    role: Role::Assistant,
                    content: completion.text,
                });
                messages.push(Message {
                    role: Role::User,
                    content: "That reply was not the JSON object asked for. Reply with only the JSON object.".into(),
                });
            }
        }
        Err(LlmError::Offline {
            degraded: true,
            reason: Some("the model's reply was not valid JSON twice".into()),
        })
    }
}

/// The summaries already in the cache for `files` under the given map settings; calls nothing.
pub fn cached_summaries<F: FileSet + ?Sized>(
    store: &dyn Store,
    prompts: &Prompts,
    models: &str,
    max_input_tokens: u32,
    max_output_tokens: u32,
    files: &F,
) -> BTreeMap<RepoPath, FileSummary> {
    let mut found = BTreeMap::new();
    let Some(prompt) = prompts.get("map-summary") else {
        return found;
    };
    let keyed: Vec<(FileHead<'_>, String)> = (0..files.len())
        .map(|at| files.head(at))
        .filter(|file| eligible_file(&file.flags, file.tokens, file.language))
        .map(|file| {
            let key = summary_key_of(prompt, models, max_input_tokens, max_output_tokens, &file);
            (file, key)
        })
        .collect();
    let summaries = lookup_many(store, keyed.iter().map(|(_, key)| key.as_str()));
    for ((file, _), summary) in keyed.into_iter().zip(summaries) {
        if let Some(summary) = summary {
            found.insert(file.path.clone(), summary);
        }
    }
    found
}

/// Summaries by key with one batched read, so a remote team cache answers in one round trip.
/// A record that does not decode, or a failed read, counts as missing.
fn lookup_many<'k>(
    store: &dyn Store,
    keys: impl Iterator<Item = &'k str>,
) -> Vec<Option<FileSummary>> {
    let keys: Vec<Vec<u8>> = keys.map(|key| key.as_bytes().to_vec()).collect();
    if keys.is_empty() {
        return Vec::new();
    }
    let found = store.get_many(SUMMARY_TREE, &keys).unwrap_or_else(|error| {
        tracing::warn!(%error, "summary cache lookup failed; summarizing again");
        vec![None; keys.len()]
    });
    found
        .into_iter()
        .map(|bytes| {
            bytes.and_then(|bytes| cartograph_store::decode_json::<FileSummary>(&bytes).ok())
        })
        .collect()
}

/// Files a model may be asked to summarize (or embed).
pub fn eligible(file: &FileMap) -> bool {
    eligible_file(&file.flags, file.tokens, file.language)
}

/// [`eligible`] from what the index entry of a file already says, so that a warm run can
/// decide without loading the file's map.
pub fn eligible_file(
    flags: &cartograph_core::FileFlags,
    tokens: u32,
    language: cartograph_core::Language,
) -> bool {
    !flags.never_summarize() && tokens > 0 && language != cartograph_core::Language::Json
}

/// Finds the JSON object in a reply (models wrap it in prose or code fences) and reads it.
fn parse_reply(text: &str) -> Option<SummaryReply> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    let reply: SummaryReply = serde_json::from_str(text.get(start..=end)?).ok()?;
    (!reply.purpose.trim().is_empty()).then_some(reply)
}

fn format_reply(reply: &SummaryReply) -> String {
    let mut text = reply.purpose.trim().to_string();
    let symbols: Vec<String> = reply
        .key_symbols
        .iter()
        .filter(|symbol| !symbol.name.trim().is_empty())
        .take(8)
        .map(|symbol| format!("`{}`: {}", symbol.name.trim(), symbol.what.trim()))
        .collect();
    if !symbols.is_empty() {
        text.push_str(&format!(" Key symbols: {}.", symbols.join("; ")));
    }
    if !reply.usage.trim().is_empty() {
        text.push_str(&format!(" Usage: {}", reply.usage.trim()));
    }
    if !reply.risks.trim().is_empty() {
        text.push_str(&format!(" Risks: {}", reply.risks.trim()));
    }
    text
}

/// Splits a file into parts of at most `budget` tokens, cutting only between top-level symbols
/// (or, inside one huge symbol, between lines). Returns `(first_line, last_line, text)`.
fn split_at_symbols(file: &FileMap, source: &str, budget: usize) -> Vec<(u32, u32, String)> {
    if (file.tokens as usize) <= budget {
        return vec![(1, file.lines.max(1), source.to_string())];
    }
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    // Cut points: the first line of each top-level symbol.
    let mut cuts: Vec<usize> = file
        .parsed
        .symbols
        .iter()
        .filter(|symbol| symbol.parent.is_none())
        .map(|symbol| symbol.line.saturating_sub(1) as usize)
        .filter(|line| *line < lines.len())
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut parts = Vec::new();
    let mut start = 0usize;
    let mut current = String::new();
    let mut current_tokens = 0usize;
    for (index, line) in lines.iter().enumerate() {
        let line_tokens = cartograph_tokens::estimate(line);
        let at_cut = cuts.binary_search(&index).is_ok();
        let over = current_tokens + line_tokens > budget;
        if !current.is_empty() && (over && (at_cut || current_tokens > budget)) {
            parts.push((start as u32 + 1, index as u32, std::mem::take(&mut current)));
            start = index;
            current_tokens = 0;
        }
        current.push_str(line);
        current_tokens += line_tokens;
    }
    if !current.is_empty() {
        parts.push((start as u32 + 1, lines.len() as u32, current));
    }
    parts
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Golden tests: replies recorded from the shapes real servers send (clean JSON, fenced in
    /// prose, JSON inside a sentence, a `summary` field instead of `purpose`, no JSON at all)
    /// replayed through the map prompt's parser. `-` means the reply is rejected (and asked for
    /// again once, then the file falls back to its structural summary).
    #[test]
    fn recorded_replies_parse_as_expected() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/golden/map-summary");
        let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
        let mut checked = 0;
        for line in expected.lines().filter(|line| !line.trim().is_empty()) {
            let (file, want) = line.split_once('\t').unwrap();
            let reply = std::fs::read_to_string(dir.join(file)).unwrap();
            let got = parse_reply(&reply)
                .map(|reply| format_reply(&reply))
                .unwrap_or_else(|| "-".into());
            assert_eq!(got, want, "{file}");
            checked += 1;
        }
        assert_eq!(checked, 5);
    }

    #[test]
    fn tolerant_reply_parsing() {
        let fenced = "Sure:\n```json\n{\"purpose\": \"Parses stock files.\", \"key_symbols\": [{\"name\": \"parse_stock\", \"what\": \"reads lines\"}]}\n```";
        let reply = parse_reply(fenced).unwrap();
        assert_eq!(reply.purpose, "Parses stock files.");
        assert_eq!(
            format_reply(&reply),
            "Parses stock files. Key symbols: `parse_stock`: reads lines."
        );
        assert!(parse_reply("no json here").is_none());
        assert!(parse_reply("{\"purpose\": \"\"}").is_none());
    }
}
