//! A file's structural outline: its doc comment and each symbol's signature and first doc line,
//! in line order. What lens sends for a file when the source does not fit and no summary exists.

use cartograph_core::{FileMap, SymbolKind};
use std::fmt::Write;

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
