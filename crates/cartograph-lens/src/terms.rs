//! The words of one file as lens counts them: five fields (path, identifiers, docs and
//! signatures, summary, source), each analyzed into terms with how often each occurs and how
//! long the field is. Ranking a question needs only the rows of its terms; the term index
//! stores every row, so that a question looks them up instead of reading every file again.

use crate::analyze::each_term;
use crate::bm25::{FieldCounts, FIELDS};
use cartograph_core::{FileMap, SymbolKind};
use std::collections::HashMap;

/// Source text past this many bytes is not searched: generated giants would dominate.
pub(crate) const MAX_SOURCE_BYTES: usize = 256 * 1024;

/// Every term of one file, with its count in each field, sorted by term.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileTerms {
    pub lengths: [u32; FIELDS],
    pub terms: Vec<(String, [u32; FIELDS])>,
}

impl FileTerms {
    /// The counts of one term (zeros when the file does not hold it).
    pub fn counts(&self, term: &str) -> [u32; FIELDS] {
        self.terms
            .binary_search_by(|(held, _)| held.as_str().cmp(term))
            .map_or([0; FIELDS], |at| self.terms[at].1)
    }

    /// The rows of `query` terms, in order, and the fields' lengths.
    pub(crate) fn field_counts(&self, query: &[&str]) -> FieldCounts {
        FieldCounts {
            lengths: self.lengths,
            counts: query.iter().map(|term| self.counts(term)).collect(),
        }
    }
}

/// The five fields of `file` as texts, in the order of `bm25::FIELD_NAMES`.
fn field_texts(file: &FileMap, summary: Option<&str>, source: Option<&str>) -> [String; FIELDS] {
    let symbols = &file.parsed.symbols;
    let identifiers: Vec<&str> = symbols
        .iter()
        .filter(|s| s.kind != SymbolKind::Heading)
        .map(|s| s.name.as_str())
        .collect();
    let mut docs: Vec<&str> = file.parsed.doc.iter().map(String::as_str).collect();
    docs.extend(symbols.iter().filter_map(|s| s.doc.as_deref()));
    docs.extend(
        symbols
            .iter()
            .filter(|s| s.kind == SymbolKind::Heading)
            .map(|s| s.name.as_str()),
    );
    // A symbol is documented by its signature too: parameter and type names say what it takes.
    docs.extend(
        symbols
            .iter()
            .filter(|s| s.kind != SymbolKind::Heading)
            .map(|s| s.signature.as_str()),
    );
    [
        file.path.to_string(),
        identifiers.join(" "),
        docs.join("\n"),
        summary.unwrap_or_default().to_string(),
        source.map(truncate_text).unwrap_or_default().to_string(),
    ]
}

pub(crate) fn truncate_text(text: &str) -> &str {
    if text.len() <= MAX_SOURCE_BYTES {
        return text;
    }
    let mut end = MAX_SOURCE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The rows of `query` terms in `file`, counting only those: what ranking without an index
/// needs, without building a row for every term.
pub(crate) fn scan_counts(
    file: &FileMap,
    query: &[&str],
    summary: Option<&str>,
    source: Option<&str>,
) -> FieldCounts {
    let mut counts = FieldCounts {
        lengths: [0; FIELDS],
        counts: vec![[0; FIELDS]; query.len()],
    };
    for (field, text) in field_texts(file, summary, source).iter().enumerate() {
        each_term(text, false, |term, _| {
            counts.lengths[field] += 1;
            if let Some(at) = query.iter().position(|q| *q == term) {
                counts.counts[at][field] += 1;
            }
        });
    }
    counts
}

/// Analyzes every field of `file` (its summary and source as given).
pub fn file_terms(file: &FileMap, summary: Option<&str>, source: Option<&str>) -> FileTerms {
    let mut counts: HashMap<String, [u32; FIELDS]> = HashMap::new();
    let mut lengths = [0u32; FIELDS];
    for (field, text) in field_texts(file, summary, source).iter().enumerate() {
        each_term(text, false, |term, _| {
            lengths[field] += 1;
            match counts.get_mut(term) {
                Some(row) => row[field] += 1,
                None => {
                    let mut row = [0; FIELDS];
                    row[field] = 1;
                    counts.insert(term.to_string(), row);
                }
            }
        });
    }
    let mut terms: Vec<(String, [u32; FIELDS])> = counts.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    FileTerms { lengths, terms }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_core::{ContentHash, Language, RepoPath, Symbol};

    #[test]
    fn counts_each_field_and_its_length() {
        let mut file = FileMap {
            path: RepoPath::new("net/retry.py").unwrap_or_else(|_| unreachable!()),
            hash: ContentHash::of(b"x"),
            language: Language::Python,
            bytes: 1,
            lines: 1,
            tokens: 1,
            flags: Default::default(),
            parsed: Default::default(),
        };
        file.parsed.symbols.push(Symbol {
            name: "retry_with_backoff".into(),
            kind: SymbolKind::Function,
            line: 1,
            end_line: 1,
            signature: "".into(),
            doc: None,
            visibility: None,
            parent: None,
        });
        let terms = file_terms(&file, Some("Retries requests."), Some("def retry(): pass"));
        // path: net, retry, py; identifiers: retrywithbackoff, retry, backoff.
        assert_eq!(terms.counts("retry"), [1, 1, 0, 1, 1]);
        assert_eq!(terms.counts("backoff"), [0, 1, 0, 0, 0]);
        assert_eq!(terms.counts("absent"), [0; FIELDS]);
        assert_eq!(terms.lengths[0], 3);
        assert_eq!(terms.lengths[1], 3);
        assert!(terms.terms.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }
}
