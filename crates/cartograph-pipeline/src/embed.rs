//! Embeddings for lens (hybrid retrieval, optional): `map` and `docs` embed every eligible
//! file as symbol-sized chunks with `[phases.lens] embedding_model`; lens embeds only the
//! question, ranks files by their best chunk's similarity and fuses that ranking with the
//! lexical one (`cartograph_lens::fuse`). Nothing here runs without an embedding model, and a
//! failing endpoint or a spent budget costs a warning, never the command.
//!
//! Two trees, both content-addressed:
//! - `embeddings-v1`: (model, blake3 of a chunk's text) → the vector as f32 little-endian bytes.
//!   Changing the model embeds again; an edited file pays only for the chunks that changed.
//! - `embedding-chunks-v1`: (model, file content hash, extractor and chunker versions) → the
//!   file's chunks (label, lines, hash). Written once every chunk of the file has its vector,
//!   so a warm run of unchanged files reads one record per file and sends nothing.
//!
//! Chunk texts and the question pass the secret gate before they are hashed or sent; files
//! that never reach a model (secret, generated, vendored, lockfiles) are never embedded, and
//! `local_only` files only by a local provider.

use crate::summarize::eligible_file;
use crate::IndexEntry;
use cartograph_core::{ContentHash, FileMap, FileSet, Language, RepoPath};
use cartograph_lens::{ChunkVector, Semantic};
use cartograph_llm::{EmbeddingRequest, LlmClient, LlmError, ModelRef};
use cartograph_store::{put_json, Store};
use futures_util::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// (model, chunk text hash) → f32 little-endian bytes.
pub const EMBEDDING_TREE: &str = "embeddings-v1";
/// (model, file hash, versions) → the file's chunks.
pub const CHUNK_TREE: &str = "embedding-chunks-v1";
/// Bump when chunking changes: files are chunked (and new chunks embedded) again.
const CHUNKER_VERSION: u32 = 1;
/// A chunk's text is cut to this many o200k tokens: the head of a long symbol (signature, doc,
/// first lines) says what it is, and every embedding model takes 512 tokens.
pub const MAX_CHUNK_TOKENS: usize = 512;
/// Consecutive small symbols share a chunk up to this size, so a file of fifty constants is
/// not fifty requests' worth of inputs.
const PACK_TOKENS: usize = 256;
/// One request carries at most this many inputs and o200k tokens.
const BATCH_INPUTS: usize = 64;
const BATCH_TOKENS: usize = 8_000;
/// Requests in flight at once; the provider layer's limits decide what actually goes out.
const IN_FLIGHT: usize = 4;

/// One chunk of a file: what it holds, where, and the hash of its (redacted) text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkRef {
    pub label: String,
    pub line: u32,
    pub end_line: u32,
    pub hash: ContentHash,
}

/// A chunk with the text that is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    pub reference: ChunkRef,
    pub text: String,
    pub redactions: u32,
}

/// What one embedding pass did (`cartograph map --json`: `embeddings`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EmbedReport {
    /// The embedding model, `provider/model`.
    pub model: String,
    /// Files whose every chunk has a vector after this pass.
    pub files: u64,
    /// Of those, files found complete in the cache: nothing read, nothing sent.
    pub files_cached: u64,
    /// Chunks embedded by the model in this pass.
    pub chunks_embedded: u64,
    /// Chunks whose vector was in the cache (an edited file's unchanged symbols).
    pub chunks_cached: u64,
    /// `local_only` files left out because the embedding provider is not local.
    pub skipped_local_only: u64,
    /// Files left without vectors (budget, failure, unreadable): lens ranks them lexically.
    pub files_left: u64,
    pub prompt_tokens: u64,
    pub budget_reached: bool,
    /// Why embedding stopped early, when a provider failed.
    pub failure: Option<String>,
}

impl EmbedReport {
    /// One line per problem worth a warning.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.budget_reached {
            warnings.push(format!(
                "embeddings: `[phases.lens] embedding_budget_tokens` was reached; {} file(s) left without vectors rank lexically",
                self.files_left
            ));
        }
        if let Some(failure) = &self.failure {
            warnings.push(format!(
                "embeddings: {failure}; {} file(s) left without vectors rank lexically and are embedded next run",
                self.files_left
            ));
        }
        warnings
    }
}

fn vector_key(model: &ModelRef, hash: &ContentHash) -> Vec<u8> {
    let mut key = model.to_string().into_bytes();
    key.push(0);
    key.extend_from_slice(hash.as_bytes());
    key
}

/// The key of a file's chunk list: its content and language, and the versions of the
/// extractor (whose symbols cut it) and of the chunker.
fn file_key(model: &ModelRef, hash: &ContentHash, language: Language) -> Vec<u8> {
    let mut key = vector_key(model, hash);
    key.extend_from_slice(
        format!(
            "x{}c{CHUNKER_VERSION}{}",
            cartograph_lang::EXTRACTOR_VERSION,
            language.name()
        )
        .as_bytes(),
    );
    key
}

/// A vector as stored: f32 little-endian, nothing else.
pub fn encode_vector(vector: &[f32]) -> Vec<u8> {
    vector.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// The vector of a stored record; `None` for a record that cannot be one.
pub fn decode_vector(bytes: &[u8]) -> Option<Vec<f32>> {
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return None;
    }
    Some(
        bytes
            .chunks_exact(4)
            .map(|four| f32::from_le_bytes([four[0], four[1], four[2], four[3]]))
            .collect(),
    )
}

/// Whether a record of the vector tree decodes (`cache verify`).
pub fn vector_record_is_valid(bytes: &[u8]) -> bool {
    decode_vector(bytes).is_some_and(|vector| vector.iter().all(|x| x.is_finite()))
}

/// The text of `source` cut to at most `max_tokens` o200k tokens, at a line where it can.
fn capped(text: &str, max_tokens: usize) -> String {
    if cartograph_tokens::estimate(text) <= max_tokens
        && cartograph_tokens::count(text) <= max_tokens
    {
        return text.to_string();
    }
    let mut kept = String::new();
    let mut tokens = 0;
    for line in text.split_inclusive('\n') {
        let line_tokens = cartograph_tokens::count(line);
        if tokens + line_tokens > max_tokens {
            if kept.is_empty() {
                // One huge line: keep what fits of it, a character at a time from the end.
                let mut cut: String = line.to_string();
                while !cut.is_empty() && cartograph_tokens::count(&cut) > max_tokens {
                    let keep = cut.chars().count() * 3 / 4;
                    cut = cut.chars().take(keep).collect();
                }
                return cut;
            }
            break;
        }
        tokens += line_tokens;
        kept.push_str(line);
    }
    kept
}

/// The symbol-sized pieces of a file, before packing: its head (the lines before the first
/// top-level symbol, when they hold anything), then each top-level symbol, or the members of a
/// top-level symbol too large for one chunk. `(label, first line, last line)`, 1-based.
fn units(file: &FileMap, n_lines: u32) -> Vec<(String, u32, u32)> {
    let symbols = &file.parsed.symbols;
    let mut top: Vec<_> = symbols
        .iter()
        .filter(|symbol| symbol.parent.is_none() && symbol.line >= 1)
        .collect();
    top.sort_by_key(|symbol| (symbol.line, symbol.end_line));
    let mut units = Vec::new();
    let mut covered_to = 0u32;
    if let Some(first) = top.first() {
        if first.line > 1 {
            units.push(("head".to_string(), 1, first.line - 1));
        }
    }
    for symbol in top {
        if symbol.line <= covered_to {
            continue;
        }
        let end_line = symbol.end_line.clamp(symbol.line, n_lines.max(symbol.line));
        covered_to = end_line;
        let label = format!("{} {}", symbol.kind.as_str(), symbol.name);
        let span_lines = end_line - symbol.line + 1;
        let mut members: Vec<_> = symbols
            .iter()
            .filter(|member| {
                member.parent.as_deref() == Some(symbol.name.as_str())
                    && member.line > symbol.line
                    && member.line <= end_line
            })
            .collect();
        // Only a large symbol is split: roughly, more lines than a chunk's tokens allow.
        if members.len() < 2 || span_lines as usize * 8 <= MAX_CHUNK_TOKENS {
            units.push((label, symbol.line, end_line));
            continue;
        }
        members.sort_by_key(|member| member.line);
        let first_member = members[0].line;
        units.push((label.clone(), symbol.line, first_member - 1));
        let mut member_covered = 0u32;
        for member in members {
            if member.line <= member_covered {
                continue;
            }
            let member_end = member.end_line.clamp(member.line, end_line);
            member_covered = member_end;
            units.push((
                format!("{} {}::{}", member.kind.as_str(), symbol.name, member.name),
                member.line,
                member_end,
            ));
        }
    }
    units
}

/// Cuts `source` into chunks by the map's symbols: the head, then top-level symbols (large ones
/// by their members), consecutive small ones packed together; a file with no symbols is one
/// chunk. Each chunk's text is capped at [`MAX_CHUNK_TOKENS`] and passed through the secret
/// gate; blank chunks are dropped.
pub fn chunk_file(file: &FileMap, source: &str) -> Vec<Chunk> {
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let n_lines = lines.len() as u32;
    let text_of = |first: u32, last: u32| -> String {
        let first = first.max(1) as usize - 1;
        let last = (last as usize).min(lines.len());
        if first >= last {
            return String::new();
        }
        lines[first..last].concat()
    };
    let mut units = units(file, n_lines);
    if units.is_empty() {
        units.push((format!("lines 1-{}", n_lines.max(1)), 1, n_lines.max(1)));
    }
    let mut chunks = Vec::new();
    let mut pending: Option<(Vec<String>, u32, u32, String, usize)> = None;
    let finish = |pending: Option<(Vec<String>, u32, u32, String, usize)>,
                  chunks: &mut Vec<Chunk>| {
        let Some((labels, line, end_line, text, _)) = pending else {
            return;
        };
        if text.trim().is_empty() {
            return;
        }
        let text = capped(&text, MAX_CHUNK_TOKENS);
        let (text, redactions) = crate::gate::redact(&text);
        let label = match labels.as_slice() {
            [one] => one.clone(),
            [first, rest @ ..] => format!("{first} (+{} more)", rest.len()),
            [] => format!("lines {line}-{end_line}"),
        };
        chunks.push(Chunk {
            reference: ChunkRef {
                label,
                line,
                end_line,
                hash: ContentHash::of(text.as_bytes()),
            },
            text,
            redactions,
        });
    };
    for (label, line, end_line) in units {
        let text = text_of(line, end_line);
        if text.trim().is_empty() {
            continue;
        }
        let tokens = cartograph_tokens::estimate(&text);
        match &mut pending {
            Some((labels, _, pending_end, pending_text, pending_tokens))
                if *pending_tokens + tokens <= PACK_TOKENS && line > *pending_end =>
            {
                labels.push(label);
                // The lines between two packed symbols (blank lines, comments) go with them.
                pending_text.push_str(&text_of(*pending_end + 1, line - 1));
                pending_text.push_str(&text);
                *pending_end = end_line;
                *pending_tokens += tokens;
            }
            _ => {
                finish(pending.take(), &mut chunks);
                pending = Some((vec![label], line, end_line, text, tokens));
            }
        }
    }
    finish(pending.take(), &mut chunks);
    chunks
}

/// The batched lookup of many keys of one tree; a failed read counts as all missing.
fn get_many(store: &dyn Store, tree: &str, keys: &[Vec<u8>]) -> Vec<Option<Vec<u8>>> {
    if keys.is_empty() {
        return Vec::new();
    }
    store.get_many(tree, keys).unwrap_or_else(|error| {
        tracing::warn!(%error, "embedding cache lookup failed");
        vec![None; keys.len()]
    })
}

/// The chunk lists of the files `(content hash, language)` under `model`, in their order.
fn file_records(
    store: &dyn Store,
    model: &ModelRef,
    files: &[(ContentHash, Language)],
) -> Vec<Option<Vec<ChunkRef>>> {
    let keys: Vec<Vec<u8>> = files
        .iter()
        .map(|(hash, language)| file_key(model, hash, *language))
        .collect();
    get_many(store, CHUNK_TREE, &keys)
        .into_iter()
        .map(|bytes| bytes.and_then(|bytes| cartograph_store::decode_json(&bytes).ok()))
        .collect()
}

/// The files of `entries` that `model` may embed and whose chunk lists are not cached, with
/// their chunks; the report counts the rest (cached, local-only, unreadable).
fn pending_files(
    store: &dyn Store,
    model: &ModelRef,
    local: bool,
    entries: &[IndexEntry],
    sources: &(dyn Fn(&RepoPath) -> Option<String> + Sync),
) -> (EmbedReport, Vec<(FileMap, Vec<Chunk>)>) {
    let mut report = EmbedReport {
        model: model.to_string(),
        ..EmbedReport::default()
    };
    let mut candidates: Vec<&IndexEntry> = Vec::new();
    for entry in entries
        .iter()
        .filter(|entry| eligible_file(&entry.flags, entry.tokens, entry.language))
    {
        if entry.flags.local_only && !local {
            report.skipped_local_only += 1;
        } else {
            candidates.push(entry);
        }
    }
    let keys: Vec<(ContentHash, Language)> = candidates
        .iter()
        .map(|entry| (entry.hash, entry.language))
        .collect();
    let records = file_records(store, model, &keys);
    let tree = crate::map::map_tree();
    let mut pending = Vec::new();
    for (entry, record) in candidates.into_iter().zip(records) {
        if record.is_some() {
            report.files += 1;
            report.files_cached += 1;
            continue;
        }
        let file = match crate::map::load_file_map(store, &tree, entry) {
            Ok((file, true)) => file,
            Ok((_, false)) | Err(_) => {
                report.files_left += 1;
                continue;
            }
        };
        match sources(&file.path) {
            Some(source) => {
                let chunks = chunk_file(&file, &source);
                pending.push((file, chunks));
            }
            None => report.files_left += 1,
        }
    }
    (report, pending)
}

/// What embedding would send now (`docs --plan`), spending nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EmbeddingPlan {
    /// Requests of at most 64 chunks.
    pub calls: u64,
    /// Chunks of files not embedded yet whose vectors are cached (another file's twin).
    pub cached: u64,
    /// o200k tokens of the chunks to embed.
    pub input_tokens: u64,
}

/// [`embed_files`] without the calls: the chunks of the files not embedded yet, less those
/// whose vectors are cached.
pub fn plan_embeddings(
    store: &dyn Store,
    model: &ModelRef,
    local: bool,
    entries: &[IndexEntry],
    sources: &(dyn Fn(&RepoPath) -> Option<String> + Sync),
) -> EmbeddingPlan {
    let (_, pending) = pending_files(store, model, local, entries, sources);
    let mut texts: BTreeMap<ContentHash, &str> = BTreeMap::new();
    for (_, chunks) in &pending {
        for chunk in chunks {
            texts
                .entry(chunk.reference.hash)
                .or_insert(chunk.text.as_str());
        }
    }
    let keys: Vec<Vec<u8>> = texts.keys().map(|hash| vector_key(model, hash)).collect();
    let found = get_many(store, EMBEDDING_TREE, &keys);
    let mut plan = EmbeddingPlan::default();
    let mut missing = 0u64;
    for (text, bytes) in texts.values().zip(found) {
        if bytes.as_deref().is_some_and(vector_record_is_valid) {
            plan.cached += 1;
        } else {
            missing += 1;
            plan.input_tokens += cartograph_tokens::count(text) as u64;
        }
    }
    plan.calls = missing.div_ceil(BATCH_INPUTS as u64);
    plan
}

/// Embeds every eligible file of `entries` whose chunks are not all cached, with the client's
/// embedding model. A file whose chunk list is cached costs one batched read and nothing
/// else; only the others have their map loaded and their text read (`sources`). Never fails:
/// a budget reached or a provider failure stops the pass and is in the report.
pub async fn embed_files(
    store: &dyn Store,
    client: &LlmClient,
    entries: &[IndexEntry],
    sources: &(dyn Fn(&RepoPath) -> Option<String> + Sync),
) -> EmbedReport {
    let Some(model) = client.embedding_model().cloned() else {
        return EmbedReport::default();
    };
    let (mut report, pending_files) =
        pending_files(store, &model, client.embedding_is_local(), entries, sources);
    if pending_files.is_empty() {
        return report;
    }

    // Chunks by hash: one vector serves every chunk with the same text, in any file.
    let mut wanted: BTreeMap<ContentHash, (&str, u32, Vec<&RepoPath>)> = BTreeMap::new();
    for (file, chunks) in &pending_files {
        for chunk in chunks {
            let entry = wanted.entry(chunk.reference.hash).or_insert((
                chunk.text.as_str(),
                chunk.redactions,
                Vec::new(),
            ));
            if !entry.2.contains(&&file.path) {
                entry.2.push(&file.path);
            }
        }
    }
    let hashes: Vec<ContentHash> = wanted.keys().copied().collect();
    let keys: Vec<Vec<u8>> = hashes.iter().map(|hash| vector_key(&model, hash)).collect();
    let found = get_many(store, EMBEDDING_TREE, &keys);
    let mut have: HashSet<ContentHash> = HashSet::new();
    let mut missing: Vec<ContentHash> = Vec::new();
    for (hash, bytes) in hashes.into_iter().zip(found) {
        if bytes.as_deref().is_some_and(vector_record_is_valid) {
            have.insert(hash);
        } else {
            missing.push(hash);
        }
    }
    report.chunks_cached = have.len() as u64;

    // Batches of missing chunks, most central files' chunks in path order (deterministic).
    let mut batches: Vec<Vec<ContentHash>> = Vec::new();
    let mut batch_tokens = 0;
    for hash in missing {
        let tokens = wanted
            .get(&hash)
            .map_or(0, |(text, _, _)| cartograph_tokens::estimate(text));
        let full = batches.last().is_none_or(|batch| {
            batch.len() >= BATCH_INPUTS || batch_tokens + tokens > BATCH_TOKENS
        });
        if full {
            batches.push(Vec::new());
            batch_tokens = 0;
        }
        if let Some(batch) = batches.last_mut() {
            batch.push(hash);
        }
        batch_tokens += tokens;
    }

    // `failed`: a provider failed, nothing more is sent. `spent`: the budget refused a chunk
    // alone; the batch at hand still sends what fits of it, later batches are not tried (each
    // would only be refused, after counting its tokens).
    let failed = AtomicBool::new(false);
    let spent = AtomicBool::new(false);
    let outcome = Mutex::new((Vec::<ContentHash>::new(), None::<LlmError>, 0u64));
    let wanted_ref = &wanted;
    let model_ref = &model;
    let (failed_ref, spent_ref) = (&failed, &spent);
    let outcome_ref = &outcome;
    let note_error = |error: LlmError| {
        let mut outcome = outcome_ref
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if outcome.1.is_none() {
            outcome.1 = Some(error);
        }
    };
    let note_error = &note_error;
    stream::iter(batches.into_iter().map(|batch| async move {
        if spent_ref.load(Ordering::Acquire) {
            return;
        }
        // A batch the budget refuses is halved until its parts fit; a chunk that does not fit
        // alone is left out. The budget is spent as far as it goes, never beyond.
        let mut parts = vec![batch];
        while let Some(part) = parts.pop() {
            if failed_ref.load(Ordering::Acquire) {
                return;
            }
            let request = embedding_request(wanted_ref, &part);
            match client.embed(request).await {
                Ok(embeddings) => {
                    for (hash, vector) in part.iter().zip(&embeddings.vectors) {
                        let key = vector_key(model_ref, hash);
                        if let Err(error) = store.put(EMBEDDING_TREE, &key, &encode_vector(vector))
                        {
                            tracing::warn!(%error, "could not store an embedding");
                        }
                    }
                    // Paid vectors are made durable before they are used.
                    if let Err(error) = store.flush() {
                        tracing::warn!(%error, "could not sync the embedding cache");
                    }
                    let mut outcome = outcome_ref
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    outcome.0.extend(part.iter().copied());
                    outcome.2 += embeddings.usage.prompt_tokens;
                }
                Err(LlmError::Budget { .. }) if part.len() > 1 => {
                    let mut first = part;
                    let second = first.split_off(first.len() / 2);
                    parts.push(second);
                    parts.push(first);
                }
                Err(error @ LlmError::Budget { .. }) => {
                    spent_ref.store(true, Ordering::Release);
                    note_error(error);
                }
                Err(error) => {
                    failed_ref.store(true, Ordering::Release);
                    note_error(error);
                    return;
                }
            }
        }
    }))
    .buffer_unordered(IN_FLIGHT)
    .collect::<Vec<()>>()
    .await;
    let (embedded, error, prompt_tokens) = outcome
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    report.chunks_embedded = embedded.len() as u64;
    report.prompt_tokens = prompt_tokens;
    have.extend(embedded);
    match error {
        None => {}
        Some(LlmError::Budget { .. }) => report.budget_reached = true,
        Some(error) => report.failure = Some(error.to_string()),
    }

    for (file, chunks) in pending_files {
        if !chunks
            .iter()
            .all(|chunk| have.contains(&chunk.reference.hash))
        {
            report.files_left += 1;
            continue;
        }
        let references: Vec<ChunkRef> = chunks.into_iter().map(|chunk| chunk.reference).collect();
        let key = file_key(&model, &file.hash, file.language);
        if let Err(error) = put_json(store, CHUNK_TREE, &key, &references) {
            tracing::warn!(%error, "could not store a file's chunks");
        }
        report.files += 1;
    }
    report
}

/// The request for the chunks `hashes`: their texts, the files that hold them, their
/// redactions. Local-only files were left out before unless the provider is local.
fn embedding_request(
    wanted: &BTreeMap<ContentHash, (&str, u32, Vec<&RepoPath>)>,
    hashes: &[ContentHash],
) -> EmbeddingRequest {
    let mut files: Vec<String> = Vec::new();
    let mut inputs = Vec::with_capacity(hashes.len());
    let mut redactions = 0;
    for hash in hashes {
        if let Some((text, count, paths)) = wanted.get(hash) {
            inputs.push(text.to_string());
            redactions += count;
            for path in paths {
                let path = path.to_string();
                if !files.contains(&path) {
                    files.push(path);
                }
            }
        }
    }
    EmbeddingRequest {
        inputs,
        files,
        redactions,
        local_only: false,
    }
}

/// The question's vector, from the cache (by model and question text) or the model. `None`
/// (with the reason logged as a warning) when it cannot be had: lens then ranks lexically.
pub async fn embed_question(
    store: &dyn Store,
    client: &LlmClient,
    question: &str,
) -> Option<Vec<f32>> {
    let model = client.embedding_model()?.clone();
    let (text, redactions) = crate::gate::redact(question.trim());
    let key = vector_key(&model, &ContentHash::of(text.as_bytes()));
    if let Ok(Some(bytes)) = store.get(EMBEDDING_TREE, &key) {
        if let Some(vector) = decode_vector(&bytes) {
            return Some(vector);
        }
    }
    let request = EmbeddingRequest {
        inputs: vec![text],
        files: Vec::new(),
        redactions,
        local_only: false,
    };
    match client.embed(request).await {
        Ok(embeddings) => {
            let vector = embeddings.vectors.into_iter().next()?;
            if let Err(error) = store.put(EMBEDDING_TREE, &key, &encode_vector(&vector)) {
                tracing::warn!(%error, "could not store the question's embedding");
            }
            Some(vector)
        }
        Err(error) => {
            tracing::warn!(
                "embeddings: the question could not be embedded ({error}); lens ranks lexically"
            );
            None
        }
    }
}

/// The stored chunk vectors of `files` (those with a complete file record), as
/// `(file position, label, vector)`. Reads only the cache.
pub fn load_chunk_vectors<F: FileSet + ?Sized>(
    store: &dyn Store,
    model: &ModelRef,
    files: &F,
) -> Vec<(usize, String, Vec<f32>)> {
    let keys: Vec<(ContentHash, Language)> = (0..files.len())
        .map(|at| files.head(at))
        .map(|file| (file.hash, file.language))
        .collect();
    let records = file_records(store, model, &keys);
    let mut chunks: Vec<(usize, ChunkRef)> = Vec::new();
    for (at, record) in records.into_iter().enumerate() {
        // A secret file is never a candidate, whatever the cache holds.
        if files.head(at).flags.secret {
            continue;
        }
        for chunk in record.into_iter().flatten() {
            chunks.push((at, chunk));
        }
    }
    let keys: Vec<Vec<u8>> = chunks
        .iter()
        .map(|(_, chunk)| vector_key(model, &chunk.hash))
        .collect();
    let vectors = get_many(store, EMBEDDING_TREE, &keys);
    chunks
        .into_iter()
        .zip(vectors)
        .filter_map(|((at, chunk), bytes)| Some((at, chunk.label, decode_vector(&bytes?)?)))
        .collect()
}

/// Lens's similarity ranking for `question`: the question embedded (once, cached), every
/// stored chunk compared, the best chunk per file. `None` when embeddings are off or the
/// question could not be embedded; lens then ranks as it does without them.
pub async fn semantic_ranking<F: FileSet + ?Sized>(
    store: &dyn Store,
    client: &LlmClient,
    files: &F,
    question: &str,
) -> Option<Semantic> {
    if let Some(reason) = client.embedding_unavailable() {
        tracing::warn!("{reason}");
        return None;
    }
    let model = client.embedding_model()?.clone();
    // The vectors first: with none stored, embedding the question would be paid for nothing.
    let chunks = load_chunk_vectors(store, &model, files);
    if chunks.is_empty() {
        tracing::info!("embeddings: no file has vectors yet (`cartograph map` makes them)");
        return None;
    }
    let question_vector = embed_question(store, client, question).await?;
    let semantic = cartograph_lens::best_chunks(
        &question_vector,
        chunks.iter().map(|(at, label, vector)| ChunkVector {
            file_at: *at,
            label,
            vector,
        }),
    );
    Some(semantic)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use cartograph_core::{Language, ParsedFile, Symbol, SymbolKind};

    fn symbol(
        kind: SymbolKind,
        name: &str,
        line: u32,
        end_line: u32,
        parent: Option<&str>,
    ) -> Symbol {
        Symbol {
            kind,
            name: name.into(),
            line,
            end_line,
            signature: "".into(),
            doc: None,
            visibility: None,
            parent: parent.map(Into::into),
        }
    }

    fn file(source: &str, symbols: Vec<Symbol>) -> FileMap {
        FileMap {
            path: RepoPath::new("src/lib.rs").unwrap(),
            hash: ContentHash::of(source.as_bytes()),
            language: Language::Rust,
            bytes: source.len() as u64,
            lines: source.lines().count() as u32,
            tokens: cartograph_tokens::count(source) as u32,
            flags: Default::default(),
            parsed: ParsedFile {
                symbols,
                ..ParsedFile::default()
            },
        }
    }

    #[test]
    fn vectors_round_trip_as_little_endian_f32() {
        let vector = vec![1.0f32, -0.5, 3.25e-3];
        let bytes = encode_vector(&vector);
        assert_eq!(bytes.len(), 12);
        assert_eq!(&bytes[..4], &1.0f32.to_le_bytes());
        assert_eq!(decode_vector(&bytes), Some(vector));
        assert_eq!(decode_vector(&[0, 0, 0]), None);
        assert_eq!(decode_vector(&[]), None);
        assert!(!vector_record_is_valid(&encode_vector(&[f32::NAN])));
    }

    #[test]
    fn a_file_is_chunked_by_its_symbols() {
        let big_body: String = (0..120)
            .map(|i| format!("        let x{i} = {i};\n"))
            .collect();
        let source = format!(
            "//! Head doc.\nuse std::fmt;\n\nfn small_a() {{}}\nfn small_b() {{}}\n\nimpl Big {{\n    fn one() {{\n{big_body}    }}\n    fn two() {{}}\n}}\n"
        );
        let n = source.lines().count() as u32;
        let symbols = vec![
            symbol(SymbolKind::Function, "small_a", 4, 4, None),
            symbol(SymbolKind::Function, "small_b", 5, 5, None),
            symbol(SymbolKind::Impl, "Big", 7, n, None),
            symbol(SymbolKind::Method, "one", 8, n - 2, Some("Big")),
            symbol(SymbolKind::Method, "two", n - 1, n - 1, Some("Big")),
        ];
        let chunks = chunk_file(&file(&source, symbols), &source);
        let labels: Vec<&str> = chunks.iter().map(|c| c.reference.label.as_str()).collect();
        assert_eq!(
            labels,
            vec!["head (+3 more)", "method Big::one", "method Big::two"],
            "small neighbours share a chunk; a large impl goes by its methods"
        );
        assert!(
            labels.iter().any(|label| label.contains("Big::one")),
            "{labels:?}"
        );
        for chunk in &chunks {
            assert!(cartograph_tokens::count(&chunk.text) <= MAX_CHUNK_TOKENS);
            assert_eq!(chunk.reference.hash, ContentHash::of(chunk.text.as_bytes()));
        }
        // The same text chunks the same way: hashes are content addresses.
        let again = chunk_file(&file(&source, Vec::new()), &source);
        assert_eq!(again.len(), 1, "no symbols: one chunk");
        assert!(cartograph_tokens::count(&again[0].text) <= MAX_CHUNK_TOKENS);
        assert_eq!(again[0].reference.label, format!("lines 1-{n}"));
    }

    #[test]
    fn secrets_never_leave_in_a_chunk() {
        let key = format!("AKIA{}", "QWERTYUIOPASDFGH");
        let source = format!("const KEY: &str = \"{key}\";\n");
        let chunks = chunk_file(&file(&source, Vec::new()), &source);
        assert_eq!(chunks[0].redactions, 1);
        assert!(!chunks[0].text.contains(&key));
    }
}
