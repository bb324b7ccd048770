//! A file's structural outline: its doc comment and each symbol's signature and first doc line,
//! in line order. What lens sends for a file when the source does not fit and no summary exists.

use cartograph_core::{FileMap, SymbolKind};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// The size of a file's outline: what choosing how to send a file needs to know of it. It
/// depends only on the file's map, so a caller may keep it with the map instead of counting
/// the outline's tokens again for every question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutlineSize {
    pub bytes: u32,
    /// o200k tokens.
    pub tokens: u32,
}

/// Whether a file's outline says more than its name: it has a doc comment or symbols. Lens
/// never sends an outline that does not.
pub fn has_outline(file: &FileMap) -> bool {
    file.parsed.doc.is_some() || !file.parsed.symbols.is_empty()
}

/// The size of the outline lens would send for `file`; `None` when it has none worth sending.
pub fn outline_size(file: &FileMap) -> Option<OutlineSize> {
    has_outline(file).then(|| {
        let text = outline(file);
        OutlineSize {
            bytes: u32::try_from(text.len()).unwrap_or(u32::MAX),
            tokens: cartograph_tokens::count(&text) as u32,
        }
    })
}

/// The outline text of a file, deterministic and self-describing.
pub fn outline(file: &FileMap) -> String {
    let mut out = format!("{} ({}, {} lines)\n", file.path, file.language, file.lines);
    if let Some(doc) = file.parsed.doc.as_deref() {
        for line in doc.lines().map(str::trim).filter(|l| !l.is_empty()).take(6) {
            let _ = writeln!(out, "  {line}");
        }
    }
    for symbol in &file.parsed.symbols {
        let indent = if symbol.parent.is_some() {
            "    "
        } else {
            "  "
        };
        let text = if symbol.kind == SymbolKind::Heading || symbol.signature.trim().is_empty() {
            format!("{} {}", symbol.kind.as_str(), symbol.name)
        } else {
            symbol.signature.trim().to_string()
        };
        let _ = writeln!(out, "{indent}{}: {text}", symbol.line);
        if let Some(doc) = symbol
            .doc
            .as_deref()
            .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
        {
            let _ = writeln!(out, "{indent}  {doc}");
        }
    }
    out
}
