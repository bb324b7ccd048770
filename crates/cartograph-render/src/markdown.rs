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
    let mut lines = text.lines().map(str::trim).peekable();
    // A docstring may open with an example (`url = httpx.URL("...")`): the first paragraph of
    // prose says what the thing is.
    let paragraph: Vec<&str> = loop {
        while lines.next_if(|line| line.is_empty()).is_some() {}
        let paragraph: Vec<&str> = lines.by_ref().take_while(|line| !line.is_empty()).collect();
        match paragraph.first() {
            None => break paragraph,
            Some(first) if is_code_line(first) => continue,
            Some(_) => break paragraph,
        }
    };
    let joined = paragraph.join(" ");
    let joined = joined.trim_start_matches(['#', '*', '/', '!', ' ']);
    let sentence = match joined.find(". ") {
        Some(at) => &joined[..=at],
        None => joined,
    };
    let short = shorten(sentence, max_chars);
    (!short.is_empty()).then_some(short)
}

/// True for a line of code in a doc: a REPL prompt (`>>>`, `$ `), a fence, an assignment
/// (`url = httpx.URL(...)`) or an `assert`.
fn is_code_line(line: &str) -> bool {
    if line.starts_with(">>>") || line.starts_with("$ ") || line.starts_with("```") {
        return true;
    }
    if line.starts_with("assert ") {
        return true;
    }
    let Some((target, _)) = line.split_once(" = ") else {
        return false;
    };
    !target.is_empty()
        && target
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
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
    fn first_line_passes_over_an_opening_example() {
        let doc = "url = httpx.URL(\"https://example.org/\")\n\nassert url.host == \"example.org\"\n\nA parsed URL. Its parts are read-only.";
        assert_eq!(first_line(doc, 200).as_deref(), Some("A parsed URL."));
        assert_eq!(
            first_line(">>> parse('1')\n1\n\nParses numbers.", 200).as_deref(),
            Some("Parses numbers.")
        );
        assert_eq!(first_line("x = 1\n", 200), None);
        assert_eq!(
            first_line("Returns a = b when equal.", 200).as_deref(),
            Some("Returns a = b when equal.")
        );
    }

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
