//! The docs as committed: a committed `index.json` seeds the summary cache, and records what
//! each file held when its pages were written, so that a kept page's line anchors can be moved
//! to where the cited symbols are now. Reads; writes only summary cache records.

use super::facts::file_named;
use crate::summarize::{FileSummary, Summarizer, SUMMARY_TREE};
use cartograph_core::{ContentHash, FileMap};
use cartograph_render::Anchor;
use cartograph_store::{get_json, put_json, Store};
use std::collections::BTreeMap;

/// What the docs folder's `index.json` says of each file when its pages were written: the
/// content hash, and for files whose content changed since, the symbols with their lines then.
pub(super) struct CommittedFiles {
    hashes: BTreeMap<String, ContentHash>,
    changed_symbols: BTreeMap<String, Vec<cartograph_render::IndexSymbol>>,
}

impl CommittedFiles {
    pub fn new(committed: Vec<cartograph_render::IndexFile>, files: &[FileMap]) -> CommittedFiles {
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
    pub fn reanchor(
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

/// A committed `index.json` seeds the summary cache: a fresh clone reuses every summary whose
/// key still matches and pays only for what changed.
pub(super) fn seed_from_index_json(
    store: &dyn Store,
    committed: Option<&cartograph_render::CommittedIndex>,
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
