//! Small Markdown helpers for the structural pages: code spans that survive any content, text
//! escaped for prose and table cells, and the first paragraph or line of a README or doc.

/// A code span holding `text` exactly, with a backtick fence longer than any run inside it.
pub(crate) fn code_span(text: &str) -> String {
    let text = text.replace('\n', " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// Escapes untrusted text (doc comments, summaries, manifest fields) for use inside a line of
/// prose or a table cell: no citation syntax, links, HTML or column breaks survive; backticked
/// names stay (rendering checks them against the index).
pub(crate) fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Rustdoc's intra-doc links (`[`Name`]`) read as plain code spans here.
    let flat = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("[`", "`")
        .replace("`]", "`");
    for (at, c) in flat.chars().enumerate() {
        match c {
            '[' | ']' | '|' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '#' | '>' | '+' | '-' | '=' if at == 0 => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The first sentence of a doc comment's first paragraph (wrapped lines joined), at most
/// `max_chars` characters, cut at a word boundary.
pub(crate) fn first_line(text: &str, max_chars: usize) -> Option<String> {
    let paragraph: Vec<&str> = text
        .lines()
        .map(str::trim)
        .skip_while(|line| line.is_empty())
        .take_while(|line| !line.is_empty())
        .collect();
    let joined = paragraph.join(" ");
    let joined = joined.trim_start_matches(['#', '*', '/', '!', ' ']);
    let sentence = match joined.find(". ") {
        Some(at) => &joined[..=at],
        None => joined,
    };
    let short = shorten(sentence, max_chars);
    (!short.is_empty()).then_some(short)
}

/// Cuts `text` to at most `max_chars` characters at a word boundary, adding `…` when cut.
pub(crate) fn shorten(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = match cut.rfind(' ') {
        Some(at) if at > max_chars / 2 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The first paragraph of prose in a README: headings, badges, HTML, front matter, code and
/// reStructuredText underlines are skipped.
pub(crate) fn first_paragraph(text: &str, max_chars: usize) -> Option<String> {
    let mut lines: Vec<&str> = text.lines().collect();
    if lines.first().is_some_and(|line| line.trim() == "---") {
        let end = lines.iter().skip(1).position(|line| line.trim() == "---");
        lines.drain(..end.map_or(1, |end| end + 2));
    }
    let is_underline = |line: &str| {
        let line = line.trim();
        line.len() >= 3
            && line
                .chars()
                .all(|c| matches!(c, '=' | '-' | '~' | '*' | '^'))
    };
    let mut paragraph: Vec<&str> = Vec::new();
    let mut in_fence = false;
    for (at, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            if !paragraph.is_empty() {
                break;
            }
            continue;
        }
        if in_fence {
            continue;
        }
        let setext_title = lines.get(at + 1).is_some_and(|next| is_underline(next));
        let skip = trimmed.starts_with('#')
            || trimmed.starts_with('<')
            || trimmed.starts_with("[![")
            || trimmed.starts_with("![")
            || trimmed.starts_with('|')
            || is_underline(trimmed)
            || setext_title;
        if trimmed.is_empty() || skip {
            if !paragraph.is_empty() {
                break;
            }
            continue;
        }
        paragraph.push(trimmed.trim_start_matches('>').trim_start());
    }
    let joined = paragraph.join(" ");
    let joined = joined.trim();
    if joined.is_empty() {
        return None;
    }
    Some(shorten(joined, max_chars))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x`"), "`` `x` ``");
    }

    #[test]
    fn escapes() {
        assert_eq!(
            escape_inline("see [[x]] | <b>\n`ok`"),
            "see \\[\\[x\\]\\] \\| &lt;b> `ok`"
        );
        assert_eq!(escape_inline("# not a heading"), "\\# not a heading");
        assert_eq!(
            escape_inline("Reads [`Config`] files"),
            "Reads `Config` files"
        );
    }

    #[test]
    fn first_lines_and_paragraphs() {
        assert_eq!(
            first_line("\n  Decodes JSON. Fast.\nMore", 100).as_deref(),
            Some("Decodes JSON.")
        );
        assert_eq!(shorten("one two three four", 9), "one two…");
        let readme = "# Title\n\n[![ci](x)](y)\n\nA tool that\ndoes things.\n\nSecond.\n";
        assert_eq!(
            first_paragraph(readme, 300).as_deref(),
            Some("A tool that does things.")
        );
        assert_eq!(
            first_paragraph("Title\n=====\n\nBody.\n", 300).as_deref(),
            Some("Body.")
        );
        assert_eq!(first_paragraph("# Only\n", 300), None);
    }
}
