//! Small text helpers shared by the extractor and the language modules. None of them panics on
//! an offset that is out of range or inside a character: they return an empty string instead.

use tree_sitter::Node;

/// The longest signature kept, in characters.
pub(crate) const MAX_SIGNATURE_CHARS: usize = 200;

/// The source text of `node`, or `""` when its range is not valid for `source`.
pub(crate) fn node_text<'s>(node: Node<'_>, source: &'s str) -> &'s str {
    source.get(node.byte_range()).unwrap_or("")
}

/// `text` with every run of whitespace replaced by one space, and trimmed.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

/// At most `max_chars` characters of `text`, cut at a character boundary.
pub(crate) fn truncate_chars(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((index, _)) => &text[..index],
        None => text,
    }
}

/// The signature that starts at byte `start`: the rest of that line, trimmed and shortened.
pub(crate) fn signature_at(source: &str, start: usize) -> String {
    let rest = source.get(start..).unwrap_or("");
    let line = rest.split(['\n', '\r']).next().unwrap_or("");
    truncate_chars(line.trim(), MAX_SIGNATURE_CHARS)
        .trim_end()
        .to_string()
}

/// True when only spaces or tabs stand between the start of the line and byte `offset`.
pub(crate) fn is_first_on_line(source: &str, offset: usize) -> bool {
    let before = source.as_bytes().get(..offset).unwrap_or(&[]);
    before
        .iter()
        .rev()
        .take_while(|byte| **byte != b'\n')
        .all(|byte| *byte == b' ' || *byte == b'\t')
}

/// The content of a quoted string literal: `"x"`, `'x'` or `` `x` `` lose their quotes; anything
/// else (such as `<stdio.h>`) stays as written.
pub(crate) fn strip_quotes(text: &str) -> &str {
    let text = text.trim();
    for quote in ['"', '\'', '`'] {
        if text.len() >= 2 && text.starts_with(quote) && text.ends_with(quote) {
            return &text[1..text.len() - 1];
        }
    }
    text
}

/// 1-based inclusive line numbers of `node`. A node whose end sits at the start of a line (it
/// ends with a newline) does not reach into that line.
pub(crate) fn line_span(node: Node<'_>) -> (u32, u32) {
    let start = node.start_position();
    let end = node.end_position();
    let end_row = if end.column == 0 && end.row > start.row {
        end.row - 1
    } else {
        end.row
    };
    (row_to_line(start.row), row_to_line(end_row))
}

pub(crate) fn row_to_line(row: usize) -> u32 {
    u32::try_from(row).unwrap_or(u32::MAX - 1).saturating_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_at_char_boundaries() {
        assert_eq!(truncate_chars("héllo", 2), "hé");
        assert_eq!(truncate_chars("abc", 10), "abc");
        let long = "é".repeat(300);
        assert_eq!(signature_at(&long, 0).chars().count(), MAX_SIGNATURE_CHARS);
    }

    #[test]
    fn signature_is_the_rest_of_the_line() {
        assert_eq!(signature_at("  fn a() {\n}", 2), "fn a() {");
        assert_eq!(signature_at("x", 10), "");
    }

    #[test]
    fn strips_only_matching_quotes() {
        assert_eq!(strip_quotes("\"a.h\""), "a.h");
        assert_eq!(strip_quotes("<stdio.h>"), "<stdio.h>");
        assert_eq!(strip_quotes("'x"), "'x");
        assert_eq!(strip_quotes("\""), "\"");
    }

    #[test]
    fn first_on_line() {
        let source = "a\n  // c\nx // d";
        assert!(is_first_on_line(source, 4));
        assert!(!is_first_on_line(source, 11));
        assert!(is_first_on_line(source, 0));
    }
}
