//! Markdown: headings (ATX `#` and setext underlines) as symbols, each spanning its section, and
//! the first paragraph after the first heading as the file doc. A line scanner, not a grammar:
//! it knows fenced and indented code, HTML comments and front matter, which hide headings.

use crate::text::truncate_chars;
use cartograph_core::{ParsedFile, Symbol, SymbolKind};

/// The longest file doc kept, in characters.
const MAX_DOC_CHARS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Line<'a> {
    Blank,
    /// An ATX heading, or the text line of a setext heading.
    Heading {
        level: u8,
        text: &'a str,
    },
    /// `===` or `---` alone on a line: a setext underline when it follows a one-line paragraph.
    Underline(u8),
    /// Inside front matter, a fence, an HTML comment, or indented code; or a fence line itself.
    Hidden,
    Text(&'a str),
}

pub(crate) fn parse(source: &str) -> ParsedFile {
    let lines = classify(source, Syntax::Markdown);
    let symbols = headings(&lines);
    // A page of a documentation site says what it is in its front matter (zod's
    // `description: "Basic usage guide covering …"`), where its body opens with imports.
    let doc = front_matter_description(source)
        .or_else(|| mkdocstrings_doc(source))
        .or_else(|| first_paragraph(&lines));
    ParsedFile {
        doc,
        symbols,
        imports: Vec::new(),
        syntax_errors: 0,
        semantic_hash: Some(crate::text_hash(source)),
        cargo: None,
        exports: None,
        timed_out: false,
        ..ParsedFile::default()
    }
}

/// A page of an MkDocs site made only of mkdocstrings directives (humanize's
/// `docs/filesize.md`: `# Filesize`, `::: humanize.filesize`): the reference of what they
/// name, rendered from its docstrings.
fn mkdocstrings_doc(source: &str) -> Option<String> {
    let mut targets: Vec<&str> = Vec::new();
    for line in source.lines() {
        let line = line.trim_end();
        let bare = line.trim_start_matches('#').trim();
        if let Some(target) = bare.strip_prefix(":::") {
            let target = target.trim();
            if target.is_empty() || target.contains(' ') {
                return None;
            }
            targets.push(target);
        } else if !(line.is_empty() || line.starts_with('#') || line.starts_with([' ', '\t'])) {
            return None;
        }
    }
    let named: Vec<String> = targets.iter().map(|target| format!("`{target}`")).collect();
    let named = match named.as_slice() {
        [] => return None,
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    Some(format!(
        "The API reference of {named}, which mkdocstrings renders from its docstrings."
    ))
}

/// The doc of a reStructuredText document, or `None` for text that is not one. Plain text is
/// taken for reStructuredText when a title underlined with one of its adornment characters
/// opens it (after directives, labels and comments); its first paragraph is read as Markdown's
/// is (marshmallow's `docs/quickstart.rst`: `Quickstart`, `==========`, "This guide will walk
/// you through …"). Test data, logs and licences have no such title and get no doc.
pub(crate) fn restructured_text_doc(source: &str) -> Option<String> {
    let lines = classify(source, Syntax::RestructuredText);
    // Before the title: only blocks of directives, labels and comments (`.. module:: x`,
    // `.. _quickstart:`) and fields (`:orphan:`), with their indented lines.
    let mut in_markup = false;
    let mut previous: Option<&Line<'_>> = None;
    for line in &lines {
        match line {
            Line::Heading { text, .. } => {
                let title = restructured_inline(text);
                let titled = title.split_whitespace().count() >= 2;
                // A question ("Why marshmallow?") ends a sentence of its own.
                let prefix = titled && !title.ends_with(['?', '!', '.']);
                // A paragraph made of substitutions (`Release v\ |version|.`) says nothing
                // until Sphinx fills it in: the title says more. The title itself, which
                // `first_paragraph` gives for a page whose first section has no prose, is no
                // paragraph.
                let paragraph = first_paragraph(&lines)
                    .map(|paragraph| restructured_inline(&paragraph))
                    .filter(|paragraph| !has_substitution(paragraph) && *paragraph != title);
                return match paragraph {
                    // itsdangerous's `serializer.rst`: "Serialization Interface: The signer
                    // only signs bytes." A first sentence that shares no word with the title
                    // is said under it; a README's ("Click is a …") needs no title.
                    Some(paragraph) if prefix && !shares_a_word(&title, &paragraph) => {
                        Some(format!("{title}: {paragraph}"))
                    }
                    Some(paragraph) => Some(paragraph),
                    // A page of `autofunction` directives is the reference of what they name
                    // (itsdangerous's `encoding.rst`, `exceptions.rst`).
                    // A page of sections without an opening paragraph (itsdangerous's
                    // `concepts.rst`) by its title and theirs.
                    None => autodoc_reference(source)
                        .map(|names| format!("{title}: the reference of {names}."))
                        .or_else(|| {
                            let sections = section_titles(&lines, source)?;
                            Some(format!("{title}, in sections: {sections}."))
                        })
                        .or_else(|| titled.then_some(title)),
                };
            }
            Line::Text(text) => {
                if matches!(previous, None | Some(Line::Blank | Line::Hidden)) {
                    in_markup = text.starts_with("..") || text.starts_with(':');
                }
                if !in_markup {
                    return None;
                }
            }
            _ => {}
        }
        previous = Some(line);
    }
    None
}

/// True when the first sentence of `paragraph` holds a word of four letters or more of
/// `title`, in any case.
fn shares_a_word(title: &str, paragraph: &str) -> bool {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| word.chars().count() >= 4)
            .map(str::to_lowercase)
            .collect()
    };
    let first = paragraph.split(". ").next().unwrap_or(paragraph);
    let first = words(first);
    words(title).iter().any(|word| first.contains(word))
}

/// The titles of a reStructuredText document's sections under its own title (those of the
/// first adornment after the title's: reStructuredText ranks adornments by the order they
/// appear in), "Serializer vs Signer, The Secret Key, Salt and 3 more"; `None` for fewer than
/// two.
fn section_titles(lines: &[Line<'_>], source: &str) -> Option<String> {
    const SHOWN: usize = 4;
    let source_lines: Vec<&str> = source.lines().collect();
    // A heading's adornment: its underline's character, and whether an overline matches it.
    // Only underlined titles: a `# comment` of a shell script read as text is none.
    let adornment = |at: usize| -> Option<(char, bool)> {
        let underline = source_lines.get(at + 1)?.trim();
        let under = underline.chars().next()?;
        if underline.len() < 3 || !underline.chars().all(|c| c == under) {
            return None;
        }
        let over = at
            .checked_sub(1)
            .and_then(|above| source_lines.get(above))
            .is_some_and(|above| {
                let above = above.trim();
                !above.is_empty() && above.chars().all(|c| c == under)
            });
        Some((under, over))
    };
    let headings: Vec<(Option<(char, bool)>, &str)> = lines
        .iter()
        .enumerate()
        .filter_map(|(at, line)| match line {
            Line::Heading { text, .. } => Some((adornment(at), *text)),
            _ => None,
        })
        .collect();
    let (title, rest) = headings.split_first()?;
    title.0?;
    let section = rest
        .iter()
        .map(|(adornment, _)| *adornment)
        .find(|adornment| adornment.is_some() && *adornment != title.0)?;
    let titles: Vec<String> = rest
        .iter()
        .filter(|(adornment, _)| *adornment == section)
        .map(|(_, text)| restructured_inline(text))
        .collect();
    match titles.as_slice() {
        [] | [_] => None,
        [init @ .., last] if titles.len() <= SHOWN => {
            Some(format!("{} and {last}", init.join(", ")))
        }
        _ => Some(format!(
            "{} and {} more",
            titles[..SHOWN].join(", "),
            titles.len() - SHOWN
        )),
    }
}

/// What a page's Sphinx `auto…` directives document (`.. autofunction:: base64_encode`,
/// `.. autoclass:: itsdangerous.signer.Signer`), by their last names: "`base64_encode` and
/// `base64_decode`", "`BadData`, `BadSignature`, `BadTimeSignature` and 3 more".
fn autodoc_reference(source: &str) -> Option<String> {
    const SHOWN: usize = 3;
    let mut names: Vec<&str> = Vec::new();
    let lines: Vec<&str> = source.lines().collect();
    for (at, line) in lines.iter().enumerate() {
        let Some(rest) = line.trim().strip_prefix(".. auto") else {
            continue;
        };
        let Some((kind, target)) = rest.split_once("::") else {
            continue;
        };
        // more-itertools' `.. autofunction:: constrained_batches(iterable, max_size)`: the
        // signature written out is no part of the name.
        let target = target.split('(').next().unwrap_or(target).trim();
        if kind.contains(' ') || target.is_empty() || target.contains(' ') {
            continue;
        }
        // An object not indexed is documented elsewhere: more-itertools' changelog opens
        // with `.. automodule:: more_itertools` and `:noindex:` to link the names it cites.
        if directive_options(&lines[at + 1..]).any(|o| matches!(o, ":noindex:" | ":no-index:")) {
            continue;
        }
        let name = target.rsplit('.').next().unwrap_or(target);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let spans: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    Some(match spans.as_slice() {
        [] => return None,
        [only] => only.clone(),
        [init @ .., last] if spans.len() <= SHOWN => format!("{} and {last}", init.join(", ")),
        _ => format!(
            "{} and {} more",
            spans[..SHOWN].join(", "),
            spans.len() - SHOWN
        ),
    })
}

/// The option lines of a directive (`:members:`, `:noindex:`), from the lines after it: the
/// indented ones that start with a colon, up to the first other line; each by its option name.
fn directive_options<'s>(after: &'s [&'s str]) -> impl Iterator<Item = &'s str> {
    after
        .iter()
        .take_while(|line| line.starts_with([' ', '\t']) && line.trim_start().starts_with(':'))
        .filter_map(|line| {
            let option = line.trim();
            let end = option[1..].find(':')? + 2;
            Some(&option[..end])
        })
}

/// reStructuredText's inline markup as Markdown shows it: hyperlink references keep their text
/// (`` `Flask-RESTful`_ ``, `` `a preview <https://…>`_ ``), roles their target's title
/// (`` :doc:`Changelog <changelog>` `` → `Changelog`), literals and interpreted text become code
/// spans, emphasis loses its stars and an escaped space (`v\ 1`) goes.
fn restructured_inline(text: &str) -> String {
    let text = text.replace("\\ ", "").replace("``", "`");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find('`') {
        let (before, after) = rest.split_at(start);
        let after = &after[1..];
        let Some(end) = after.find('`') else {
            break;
        };
        let inner = &after[..end];
        let mut tail = &after[end + 1..];
        // A role before the backtick (`:class:`): the span is its target; a cross-reference
        // to a page or a section (`:doc:`, `:ref:`) reads as prose.
        let role_at = match before.rfind(|c: char| c.is_whitespace() || c == '(') {
            Some(space) => space + 1,
            None => 0,
        };
        let role = before[role_at..]
            .strip_prefix(':')
            .and_then(|role| role.strip_suffix(':'))
            .filter(|role| !role.is_empty() && !role.contains(' '));
        let before = if role.is_some() {
            &before[..role_at]
        } else {
            before
        };
        out.push_str(before);
        let prose = matches!(role, Some("doc" | "ref" | "term" | "numref"));
        let reference = prose || tail.starts_with('_');
        tail = tail.trim_start_matches('_');
        let named;
        let title = match inner.rsplit_once(" <") {
            Some((title, target)) if target.ends_with('>') => title,
            // A page or label named by its path reads as its last part, in words
            // (itsdangerous's "The :doc:`/signer` only signs bytes." → "The signer …").
            _ if prose => {
                let last = inner.trim_start_matches('~');
                let last = last.rsplit(['/', ':']).next().unwrap_or(last);
                named = last.replace(['-', '_'], " ");
                named.as_str()
            }
            _ => inner,
        };
        if reference {
            out.push_str(title);
        } else {
            out.push('`');
            out.push_str(title);
            out.push('`');
        }
        rest = tail;
    }
    out.push_str(rest);
    out.replace("**", "")
}

/// True when `text` holds a substitution reference (`|version|`).
fn has_substitution(text: &str) -> bool {
    text.split('|')
        .skip(1)
        .step_by(2)
        .any(|inner| !inner.is_empty() && !inner.starts_with(' ') && !inner.ends_with(' '))
        && text.matches('|').count() >= 2
}

/// Which markup a document is written in: it decides the characters that underline a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Markdown,
    RestructuredText,
}

/// The `description:` of a YAML front matter block, unquoted; `None` without one.
fn front_matter_description(source: &str) -> Option<String> {
    let mut lines = source.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let description = lines
        .take_while(|line| !matches!(line.trim_end(), "---" | "..."))
        .find_map(|line| line.strip_prefix("description:"))?
        .trim();
    let unquoted = description
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .or_else(|| {
            description
                .strip_prefix('\'')
                .and_then(|rest| rest.strip_suffix('\''))
        })
        .unwrap_or(description)
        .trim();
    // A folded scalar (`description: >`) continues on the lines below: not read here.
    (unquoted.split_whitespace().count() >= 3 && !unquoted.starts_with(['>', '|'])).then(|| {
        truncate_chars(unquoted, MAX_DOC_CHARS)
            .trim_end()
            .to_string()
    })
}

/// Width of the indentation, a tab counting as four columns.
fn indentation(line: &str) -> usize {
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// The opening of a code fence: its character and length.
/// Docusaurus' admonitions fence their text the same way (`:::tip What You'll Learn` …
/// `:::`); mkdocstrings' `::: pkg.module`, with a space, opens no fence.
fn fence_opening(trimmed: &str) -> Option<(char, usize)> {
    let marker = trimmed
        .chars()
        .next()
        .filter(|c| matches!(c, '`' | '~' | ':'))?;
    let length = trimmed.chars().take_while(|c| *c == marker).count();
    let admonition = || {
        trimmed[length..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
    };
    (length >= 3 && (marker != ':' || admonition())).then_some((marker, length))
}

fn atx_heading(trimmed: &str) -> Option<(u8, &str)> {
    let level = trimmed.bytes().take_while(|byte| *byte == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &trimmed[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    // A closing run of `#` goes, when a space precedes it.
    let rest = rest.trim();
    let without_closing = rest.trim_end_matches('#');
    let text = if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) {
        without_closing.trim_end()
    } else {
        rest
    };
    Some((u8::try_from(level).unwrap_or(6), text))
}

fn underline(trimmed: &str, syntax: Syntax) -> Option<u8> {
    let trimmed = trimmed.trim_end();
    let first = trimmed.chars().next()?;
    let level = match (first, syntax) {
        ('=', _) => 1,
        ('-', _) => 2,
        // reStructuredText ranks its adornments by the order they appear in; the first title
        // is what the doc needs, so one level stands for the rest.
        (
            '~' | '^' | '*' | '+' | '#' | '"' | '\'' | ':' | '.' | '_' | '`',
            Syntax::RestructuredText,
        ) => 2,
        _ => return None,
    };
    let minimum = match syntax {
        Syntax::Markdown => 2,
        Syntax::RestructuredText => 3,
    };
    (trimmed.len() >= minimum && trimmed.chars().all(|c| c == first)).then_some(level)
}

fn classify(source: &str, syntax: Syntax) -> Vec<Line<'_>> {
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut in_html_comment = false;
    let mut in_front_matter = false;
    for (index, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = indentation(line);
        let class = if index == 0 && line.trim_end() == "---" && syntax == Syntax::Markdown {
            in_front_matter = true;
            Line::Hidden
        } else if in_front_matter {
            in_front_matter = !matches!(line.trim_end(), "---" | "...");
            Line::Hidden
        } else if let Some((marker, length)) = fence {
            let run = trimmed.chars().take_while(|c| *c == marker).count();
            if indent < 4 && run >= length && trimmed[run * marker.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            Line::Hidden
        } else if in_html_comment {
            in_html_comment = !line.contains("-->");
            Line::Hidden
        } else if trimmed.is_empty() {
            Line::Blank
        } else if indent >= 4 && matches!(lines.last(), None | Some(Line::Blank | Line::Hidden)) {
            // Indented code, unless it continues a paragraph.
            Line::Hidden
        } else if let Some(opening) =
            fence_opening(trimmed).filter(|_| indent < 4 && syntax == Syntax::Markdown)
        {
            fence = Some(opening);
            Line::Hidden
        } else if trimmed.starts_with("<!--") {
            in_html_comment = !trimmed.contains("-->");
            Line::Hidden
        } else if let Some((level, text)) =
            // reStructuredText has no `#` headings: in a text file that line is a comment
            // (godotenv's `fixtures/comments.env`: "# Full line comment").
            atx_heading(trimmed).filter(|_| indent < 4 && syntax == Syntax::Markdown)
        {
            Line::Heading { level, text }
        } else if let Some(level) = underline(trimmed, syntax).filter(|_| indent < 4) {
            Line::Underline(level)
        } else {
            Line::Text(line.trim())
        };
        lines.push(class);
    }
    // A one-line paragraph followed by an underline is a setext heading.
    for index in 1..lines.len() {
        let Line::Underline(level) = lines[index] else {
            continue;
        };
        let Line::Text(text) = lines[index - 1] else {
            continue;
        };
        let single_line = index < 2 || !matches!(lines[index - 2], Line::Text(_));
        if single_line && !is_block_marker(text) {
            lines[index - 1] = Line::Heading { level, text };
            lines[index] = Line::Hidden;
        }
    }
    lines
}

/// Text that starts a list item, a quote or a table row, which an underline does not turn into
/// a heading.
fn is_block_marker(text: &str) -> bool {
    // reStructuredText numbers a list itself with `#.` (guzzle's `docs/overview.rst`).
    text.starts_with(['-', '*', '+', '>', '|'])
        || text.starts_with("#. ")
        || text.starts_with("#) ")
        || text.split_once(['.', ')']).is_some_and(|(number, _)| {
            !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
        })
}

fn headings(lines: &[Line<'_>]) -> Vec<Symbol> {
    let found: Vec<(usize, u8, &str)> = lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| match line {
            Line::Heading { level, text } if !text.is_empty() => Some((index, *level, *text)),
            _ => None,
        })
        .collect();
    let last_line = lines.len();
    let mut symbols = Vec::with_capacity(found.len());
    // Headings above the current one, with their levels: the nearest shallower one is the parent.
    let mut open: Vec<(u8, usize)> = Vec::new();
    for (position, (index, level, text)) in found.iter().enumerate() {
        let end = found[position + 1..]
            .iter()
            .find(|(_, next_level, _)| next_level <= level)
            .map_or(last_line, |(next_index, _, _)| *next_index);
        while open
            .last()
            .is_some_and(|(open_level, _)| open_level >= level)
        {
            open.pop();
        }
        let parent = open
            .last()
            .and_then(|(_, symbol)| symbols.get(*symbol))
            .map(|symbol: &Symbol| symbol.name.clone());
        open.push((*level, symbols.len()));
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let hashes = "#".repeat(usize::from(*level));
        symbols.push(Symbol {
            kind: SymbolKind::Heading,
            name: (*text).into(),
            line,
            end_line: u32::try_from(end).unwrap_or(u32::MAX).max(line),
            signature: truncate_chars(
                &format!("{hashes} {text}"),
                crate::text::MAX_SIGNATURE_CHARS,
            )
            .into(),
            doc: None,
            visibility: None,
            parent,
        });
    }
    symbols
}

/// The first paragraph after the first heading (or in the file, when it has no heading), passing
/// over paragraphs that are only badges or HTML.
fn first_paragraph(lines: &[Line<'_>]) -> Option<String> {
    let heading = lines
        .iter()
        .position(|line| matches!(line, Line::Heading { .. }));
    // A document that opens with a sentence (a module doc kept in a file, `include_str!`'d)
    // says what it is there; one that opens with a title, in the paragraph under it.
    let opening = paragraph_in(&lines[..heading.unwrap_or(0)]).filter(|paragraph| {
        // Only a sentence: not a line of links (`**Docs**: <a href=...>`) above the title.
        let text = paragraph.join(" ");
        let words = text
            .split_whitespace()
            .filter(|word| word.len() > 1)
            .count();
        words >= 4 && !text.contains("://") && !text.contains('<')
    });
    let paragraph = opening.or_else(|| {
        let Some(at) = heading else {
            return paragraph_in(lines);
        };
        // The prose of the first section says what the document is; one whose first section
        // has none (docs/api.md: a title, then `::: httpx.request` directives and `##` sections)
        // is named by its title rather than by a sentence deep inside it ("An HTTP response.").
        // A one-word title (`# Starter`, `# Guide`) says no more than the path; the section
        // after it (`## About`) may still, but nothing further in is about the whole document.
        let rest = lines.get(at + 1..)?;
        let (first, second) = split_at_heading(rest);
        // A section asking a question (guzzle's `docs/faq.rst`: "Does Guzzle require cURL?")
        // holds its answer ("No."), not what the document is.
        let asks = matches!(
            second.first(),
            Some(Line::Heading { text, .. }) if text.trim_end().ends_with('?')
        );
        let (second, _) = split_at_heading(second.get(1..).unwrap_or_default());
        // A list there (chi's CONTRIBUTING.md: `# Contributing`, `## Prerequisites`, "1.
        // Install Go.") is steps of that section, not what the document is.
        paragraph_in(first)
            .or_else(|| descriptive_title(&lines[at]).map(|title| vec![title]))
            .or_else(|| {
                paragraph_in(second).filter(|paragraph| {
                    !asks
                        && !paragraph
                            .first()
                            .is_some_and(|first| is_block_marker(first))
                })
            })
    })?;
    // Wrapped lines join with a space; list items keep their own lines.
    let mut joined = String::new();
    for text in paragraph {
        if !joined.is_empty() {
            joined.push(if is_block_marker(text) { '\n' } else { ' ' });
        }
        joined.push_str(text);
    }
    Some(
        truncate_chars(&joined, MAX_DOC_CHARS)
            .trim_end()
            .to_string(),
    )
}

/// The first paragraph of `lines` that is more than badges and HTML, and no directive of a
/// documentation generator (`!!! note`, `??? abstract`, `::: pkg.module`) with its options.
fn paragraph_in<'a>(lines: &[Line<'a>]) -> Option<Vec<&'a str>> {
    // A list (redux's quick start: "- How to set up and use Redux Toolkit") is steps or
    // links, not what the document is.
    let skipped = |paragraph: &[&str]| {
        paragraph.iter().all(|text| is_decoration(text))
            || paragraph.first().is_some_and(|first| is_directive(first))
            || paragraph.first().is_some_and(|first| is_list_item(first))
            || matches!(paragraph, [only] if is_pseudo_heading(only))
            || is_pointer(paragraph)
            || is_banner(paragraph)
            || matches!(paragraph, [only] if is_metadata(only))
            // A short lead-in to a list (click's "Arguments are:") says nothing by itself; a
            // sentence that ends in a colon ("There are three ways to create a field:") does.
            || matches!(paragraph, [only] if only.trim_end().ends_with(':')
                && only.split_whitespace().count() <= 5)
    };
    // A list that opens the section (javapoet's RELEASING.md: steps, then "If step 4 or 5
    // fails:"; ripgrep's FAQ: its questions) makes the document that list: what follows it is
    // a note on it, not an opening. After a lead-in ("You may be looking for:") it is the
    // lead-in's list, and the paragraph after it may still open the document.
    let opens_with_list = |paragraph: &[&str], lead_in: bool| {
        !lead_in && paragraph.first().is_some_and(|first| is_list_item(first))
    };
    let mut lead_in = false;
    let mut paragraph: Vec<&str> = Vec::new();
    for line in lines {
        match line {
            Line::Text(text) => paragraph.push(text),
            _ if paragraph.is_empty() => {}
            _ if opens_with_list(&paragraph, lead_in) => return None,
            _ if skipped(&paragraph) => {
                lead_in |= paragraph
                    .last()
                    .is_some_and(|last| last.trim_end().ends_with(':'));
                paragraph.clear();
            }
            _ => break,
        }
    }
    (!paragraph.is_empty() && !skipped(&paragraph)).then_some(paragraph)
}

/// A short paragraph that sends the reader elsewhere (koa's troubleshooting page: "See also
/// [debugging Koa](…)."), which says nothing of the document it opens.
fn is_pointer(paragraph: &[&str]) -> bool {
    let words: usize = paragraph
        .iter()
        .map(|line| line.split_whitespace().count())
        .sum();
    paragraph
        .first()
        .is_some_and(|first| first.starts_with("See ") || first.starts_with("For more"))
        && words <= 12
}

/// A line of metadata about the document (echo's `API_CHANGES_V5.md`: "Generated:
/// 2026-01-01" under its title), which says nothing of what it is.
fn is_metadata(line: &str) -> bool {
    const KEYS: &[&str] = &[
        "generated",
        "date",
        "updated",
        "last updated",
        "last modified",
        "created",
        "author",
        "authors",
        "status",
        "version",
        "revision",
    ];
    line.split_once(':').is_some_and(|(key, value)| {
        KEYS.contains(&key.trim().trim_matches('*').trim().to_lowercase().as_str())
            && value.split_whitespace().count() <= 6
    })
}

/// A paragraph in bold from its first word to its last, links between (tenacity's
/// `**Please refer to the** `tenacity documentation <…>`_ **for a better experience.**`): a
/// banner over the document, not what it says.
fn is_banner(paragraph: &[&str]) -> bool {
    let (Some(first), Some(last)) = (paragraph.first(), paragraph.last()) else {
        return false;
    };
    let (first, last) = (first.trim_start(), last.trim_end());
    ["**", "__"].iter().any(|mark| {
        first.starts_with(mark)
            && (last.ends_with(mark) || last.ends_with(&format!("{mark}.")))
            && (paragraph.len() > 1 || first.len() > 2 * mark.len())
    })
}

/// A Markdown or reStructuredText list item: `- x`, `* x`, `+ x`, `1. x`, `1) x`.
fn is_list_item(text: &str) -> bool {
    if ["- ", "* ", "+ "]
        .iter()
        .any(|marker| text.starts_with(marker))
    {
        return true;
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && (text[digits..].starts_with(". ") || text[digits..].starts_with(") "))
}

/// `lines` split before their first heading.
fn split_at_heading<'l, 'a>(lines: &'l [Line<'a>]) -> (&'l [Line<'a>], &'l [Line<'a>]) {
    let end = lines
        .iter()
        .position(|line| matches!(line, Line::Heading { .. }))
        .unwrap_or(lines.len());
    lines.split_at(end)
}

/// A heading's text when it is a title of a few words (`Developer Interface`), not a single
/// name that says nothing the file's name does not, nor a name with a badge (`Starter
/// [![Open in StackBlitz](...)](...)`).
fn descriptive_title<'a>(line: &Line<'a>) -> Option<&'a str> {
    match line {
        Line::Heading { text, .. }
            if !text.contains("](") && text.split_whitespace().count() >= 2 =>
        {
            Some(text)
        }
        _ => None,
    }
}

/// A line that is all bold or all emphasis (`**More efficient usage of network resources**`,
/// `*An HTTP response.*`): a heading by another name, or a caption, not a description.
fn is_pseudo_heading(text: &str) -> bool {
    ["**", "__", "*", "_"].iter().any(|mark| {
        text.len() > 2 * mark.len()
            && text.starts_with(mark)
            && text.trim_end_matches(':').ends_with(mark)
            && !text[mark.len()..text.len() - mark.len()].contains(mark)
    })
}

/// MkDocs admonitions (`!!! note`, `??? abstract "API"`), mkdocstrings (`::: pkg.Class`) and
/// Sphinx/MyST directives (`.. autoclass::`, `{toctree}`).
fn is_directive(text: &str) -> bool {
    ["!!!", "???", ":::", ".. ", "{%", "```{"]
        .iter()
        .any(|marker| text.starts_with(marker))
}

/// Badges, images and HTML: what READMEs put before their first sentence; and a link
/// reference definition (`[summary]: #summary`, `[docs]: https://…`), which shows nothing.
fn is_decoration(text: &str) -> bool {
    // MyST's target label (`(exit-codes)=`) marks the heading below it.
    let myst_label = text.starts_with('(') && text.ends_with(")=");
    myst_label
        || text.starts_with("[![")
        || text.starts_with("![")
        || text.starts_with('<')
        || is_link_definition(text)
        || is_mdx_statement(text)
}

/// An MDX page's `import { Tabs } from 'fumadocs-ui/components/tabs';` or `export const …`:
/// code of the page, not its prose.
fn is_mdx_statement(text: &str) -> bool {
    (text.starts_with("import ") && (text.contains(" from ") || text.ends_with(';')))
        || text.starts_with("export const ")
        || text.starts_with("export default ")
}

/// `[label]: target`: a link reference definition.
fn is_link_definition(text: &str) -> bool {
    text.strip_prefix('[')
        .and_then(|rest| rest.split_once("]:"))
        .is_some_and(|(label, target)| {
            !label.is_empty()
                && !label.contains(['[', ']'])
                && target.starts_with(' ')
                && !target.trim().is_empty()
                && !target.trim().contains(' ')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(source: &str) -> Vec<(String, u32, u32, Option<String>)> {
        parse(source)
            .symbols
            .into_iter()
            .map(|symbol| {
                (
                    symbol.name.into(),
                    symbol.line,
                    symbol.end_line,
                    symbol.parent.map(Into::into),
                )
            })
            .collect()
    }

    #[test]
    fn sections_reach_the_next_heading_of_the_same_level() {
        let source = "# Title\n\nIntro text\nmore.\n\n## Install\n\nRun it.\n\n### Linux\n\nx\n\n## Usage\n\ny\n";
        let outline = outline(source);
        assert_eq!(
            outline,
            vec![
                ("Title".into(), 1, 16, None),
                ("Install".into(), 6, 13, Some("Title".into())),
                ("Linux".into(), 10, 13, Some("Install".into())),
                ("Usage".into(), 14, 16, Some("Title".into())),
            ]
        );
        assert_eq!(parse(source).doc.as_deref(), Some("Intro text more."));
    }

    #[test]
    fn fenced_code_and_comments_hide_headings() {
        let source = "# Real\n\n```sh\n# not a heading\n```\n\n~~~~\n## nor this\n~~~\n~~~~\n<!--\n# hidden\n-->\n    # indented code\n## Second ##\n";
        let names: Vec<String> = outline(source).into_iter().map(|(name, ..)| name).collect();
        assert_eq!(names, ["Real", "Second"]);
    }

    #[test]
    fn setext_headings_and_thematic_breaks() {
        let source = "Title\n=====\n\nSome text.\n\n---\n\nPart\n----\n- item\n---\n";
        let outline = outline(source);
        assert_eq!(
            outline,
            vec![
                ("Title".into(), 1, 11, None),
                ("Part".into(), 8, 11, Some("Title".into()))
            ]
        );
    }

    /// echo's `API_CHANGES_V5.md`: a title, a banner in bold, then when it was generated.
    #[test]
    fn a_line_of_metadata_is_no_description() {
        let source = "# Echo v5 Public API Changes\n\n**Comparison between `master` (v4.15.0) and `v5` branches**\n\nGenerated: 2026-01-01\n\n## Summary\n\n| a | b |\n";
        assert_eq!(
            parse(source).doc.as_deref(),
            Some("Echo v5 Public API Changes")
        );
        let tagline = "# Flask\n\nFlask: a lightweight WSGI web application framework.\n";
        assert_eq!(
            parse(tagline).doc.as_deref(),
            Some("Flask: a lightweight WSGI web application framework.")
        );
    }

    #[test]
    fn front_matter_and_badges_are_skipped() {
        let source = "---\ntitle: x\n# no\n---\n# Project\n\n[![CI](x)](y)\n\nDoes things.\n";
        let parsed = parse(source);
        assert_eq!(parsed.symbols.len(), 1);
        assert_eq!(parsed.doc.as_deref(), Some("Does things."));
        assert!(parsed.semantic_hash.is_some());
        assert_eq!(parse("").symbols, Vec::new());
    }

    /// redux's `docs/tutorials/quick-start.md`: Docusaurus admonitions, then a list of what
    /// the reader will learn; the title says what the page is.
    #[test]
    fn docusaurus_admonitions_and_lists_are_no_description() {
        let source = "---\nid: quick-start\ntitle: Quick Start\n---\n\n# Redux Toolkit Quick Start\n\n:::tip What You'll Learn\n\n- How to set up Redux Toolkit\n\n:::\n\n:::info Prerequisites\n\nFamiliarity with ES6 syntax.\n\n:::\n\n## Introduction\n\nWelcome to the tutorial!\n";
        assert_eq!(
            parse(source).doc.as_deref(),
            Some("Redux Toolkit Quick Start")
        );
        let click = "(exit-codes)=\n\n# Exit Codes\n\nWhen a command is executed from the command line, then an exit code is returned.\n";
        assert_eq!(
            parse(click).doc.as_deref(),
            Some(
                "When a command is executed from the command line, then an exit code is returned."
            )
        );
        let lead_in = "# Arguments\n\nArguments are:\n\n* positional\n\n## More\n\nThey are positional parameters.\n";
        assert_eq!(
            parse(lead_in).doc.as_deref(),
            Some("They are positional parameters.")
        );
        let koa = "# Troubleshooting Koa\n\nSee also [debugging Koa](guide.md#debugging-koa).\n\n## Whatever\n\nText.\n";
        assert_eq!(parse(koa).doc.as_deref(), Some("Troubleshooting Koa"));
        // mkdocstrings' `::: pkg.module` fences nothing: the prose after it is read.
        let api = "# API\n\n::: httpx.request\n    options:\n      show: true\n\nThe request function sends requests.\n";
        assert_eq!(
            parse(api).doc.as_deref(),
            Some("The request function sends requests.")
        );
    }

    #[test]
    fn a_document_opening_with_a_sentence_is_described_by_it() {
        let source = "Types and traits for extracting data from requests.\n\n# Intro\n\nA handler takes extractors.\n";
        assert_eq!(
            parse(source).doc.as_deref(),
            Some("Types and traits for extracting data from requests.")
        );
        let badges = "[![CI](x)](y)\n<p>logo</p>\n\n# Tool\n\nDoes things.\n";
        assert_eq!(parse(badges).doc.as_deref(), Some("Does things."));
        let links = "<p>logo</p>\n\n**Documentation**: <a href=\"https://x.org\">x.org</a>\n\n# Tool\n\nTool does things.\n";
        assert_eq!(parse(links).doc.as_deref(), Some("Tool does things."));
        let directive = "# Applications\n\n??? abstract \"API Reference\"\n    ::: pkg.Application\n        options:\n\nApplications hold the routes.\n";
        assert_eq!(
            parse(directive).doc.as_deref(),
            Some("Applications hold the routes.")
        );
    }

    /// httpx's docs: clients.md opens its first section with admonitions and a bold line
    /// standing for a heading; api.md has no prose before its second section.
    #[test]
    fn a_document_is_described_by_its_first_section_or_its_title() {
        let clients = "!!! hint\n    Coming from Requests?\n\n## Why use a Client?\n\n!!! note \"TL;DR\"\n    Use a Client.\n\n**More efficient usage of network resources**\n\nA client reuses connections.\n";
        assert_eq!(
            parse(clients).doc.as_deref(),
            Some("A client reuses connections.")
        );
        let api = "# Developer Interface\n\n## Helper Functions\n\n::: httpx.request\n    :docstring:\n\n## `Response`\n\n*An HTTP response.*\n";
        assert_eq!(parse(api).doc.as_deref(), Some("Developer Interface"));
        let one_word = "# Guide\n\n## About\n\nThe guide to the tool.\n";
        assert_eq!(
            parse(one_word).doc.as_deref(),
            Some("The guide to the tool.")
        );
        let starter = "# Starter [![Open](https://img/badge)](https://x)\n\n## Set up locally\n\n```bash\npnpm dev\n```\n\n## On StackBlitz\n\nLink: https://x\n";
        assert_eq!(parse(starter).doc, None);
        let bold_lead = "# Tool\n\n**Tool** does things.\n";
        assert_eq!(
            parse(bold_lead).doc.as_deref(),
            Some("**Tool** does things.")
        );
    }

    /// log's RFC opens with a list of fields and a link reference definition under its title;
    /// chi's CONTRIBUTING.md goes from its title to a numbered list of steps.
    #[test]
    fn link_definitions_and_steps_are_no_description() {
        let rfc = "- Feature Name: `structured_logging`\n- RFC PR: [log/rfcs#0296](https://github.com/x/y/pull/296)\n\n# Summary\n[summary]: #summary\n\nAdd support for structured logging to the `log` crate.\n";
        assert_eq!(
            parse(rfc).doc.as_deref(),
            Some("Add support for structured logging to the `log` crate.")
        );
        let contributing = "# Contributing\n\n## Prerequisites\n\n1. [Install Go][go-install].\n2. Download the sources.\n\n## Submitting\n\nA typical workflow is:\n";
        assert_eq!(parse(contributing).doc, None);
        // javapoet's RELEASING.md: steps, then a note on them; ripgrep's FAQ: its questions,
        // then a footnote; monolog's utilities: a list, then the navigation.
        let releasing = "Releasing\n=========\n\n1. Update the CHANGELOG.md.\n2. `mvn-release`.\n\nIf step 4 or 5 fails:\n\n  * Drop the Sonatype repo,\n  * And start again at step 4.\n";
        assert_eq!(parse(releasing).doc, None);
        let checklist = "# Release Checklist\n\n* Ensure local `master` is up to date.\n* Run `cargo update`.\n\nNote that cargo-up can be found in BurntSushi's dotfiles.\n";
        assert_eq!(parse(checklist).doc.as_deref(), Some("Release Checklist"));
        let utilities = "# Utilities\n\n- _Registry_: The `Monolog\\Registry` class.\n\n&larr; [Handlers](02.md) | [Extending](04.md) &rarr;\n";
        assert_eq!(parse(utilities).doc, None);
        // After a lead-in, the list is the lead-in's and the paragraph after it opens.
        let looking = "# Tool\n\nYou may be looking for:\n\n- [the guide](guide.md)\n\nTool parses logs quickly and well.\n";
        assert_eq!(
            parse(looking).doc.as_deref(),
            Some("Tool parses logs quickly and well.")
        );
    }

    /// zod's docs pages: front matter with a description, then MDX imports, then prose.
    #[test]
    fn a_page_is_described_by_its_front_matter_and_imports_are_no_prose() {
        let page = "---\ntitle: Basic usage\ndescription: \"Basic usage guide covering schema definition\"\n---\n\nimport { Tabs, Tab } from 'fumadocs-ui/components/tabs';\n\nThis page walks you through schemas.\n";
        assert_eq!(
            parse(page).doc.as_deref(),
            Some("Basic usage guide covering schema definition")
        );
        let no_description = "---\ntitle: Basic usage\n---\n\nimport { Tabs } from 'tabs';\nimport { Callout } from \"callout\";\n\nThis page walks you through schemas.\n";
        assert_eq!(
            parse(no_description).doc.as_deref(),
            Some("This page walks you through schemas.")
        );
    }

    #[test]
    fn a_page_of_mkdocstrings_directives_is_the_reference_of_what_they_name() {
        assert_eq!(
            parse("# Filesize\n\n::: humanize.filesize\n").doc.as_deref(),
            Some("The API reference of `humanize.filesize`, which mkdocstrings renders from its docstrings.")
        );
        assert_eq!(
            parse("# ::: dotenv\n\n").doc.as_deref(),
            Some("The API reference of `dotenv`, which mkdocstrings renders from its docstrings.")
        );
        assert_eq!(
            parse(
                "# Usage\n\n::: a.b\n    options:\n      show_source: false\n\nMore words here.\n"
            )
            .doc
            .as_deref(),
            Some("More words here.")
        );
    }

    /// marshmallow's `docs/quickstart.rst` and `docs/why.rst`; a text file that opens with
    /// a sentence, or a licence, is no reStructuredText document.
    #[test]
    fn restructured_text_is_described_by_the_paragraph_under_its_title() {
        let quickstart = ".. module:: marshmallow\n\nQuickstart\n==========\n\nThis guide will walk you through the basics.\n\nDeclaring Schemas\n-----------------\n\nLet's start.\n";
        assert_eq!(
            restructured_text_doc(quickstart).as_deref(),
            Some("This guide will walk you through the basics.")
        );
        // tenacity's `index.rst` (its README): badges, then a banner in bold, then what the
        // library is.
        let banner = "Tenacity\n========\n.. image:: https://img.shields.io/pypi/v/tenacity.svg\n    :target: https://pypi.org/project/tenacity\n\n**Please refer to the** `tenacity documentation <https://tenacity.readthedocs.io/>`_ **for a better experience.**\n\nTenacity is a general-purpose retrying library.\n";
        assert_eq!(
            restructured_text_doc(banner).as_deref(),
            Some("Tenacity is a general-purpose retrying library.")
        );
        let overlined = "=================\nWhy marshmallow?\n=================\n\nThe Python ecosystem has many great libraries.\n";
        assert_eq!(
            restructured_text_doc(overlined).as_deref(),
            Some("The Python ecosystem has many great libraries.")
        );
        let tilde =
            ".. _api:\n\nAPI Reference\n~~~~~~~~~~~~~\n\n.. automodule:: x\n    :members:\n";
        assert_eq!(
            restructured_text_doc(tilde).as_deref(),
            Some("API Reference: the reference of `x`.")
        );
        assert_eq!(restructured_text_doc("hello world\nsecond line\n"), None);
        // godotenv's `fixtures/comments.env`: a `#` line is a comment, no title.
        assert_eq!(
            restructured_text_doc("# Full line comment\nqux=thud # fred # other\n"),
            None
        );
        // marshmallow's `docs/index.rst`, `install.rst` and `kudos.rst`.
        let index = ".. master file\n\n****\nmarshmallow: simplified object serialization\n****\n\nRelease v\\ |version|. (:doc:`Changelog <changelog>`)\n";
        assert_eq!(
            restructured_text_doc(index).as_deref(),
            Some("marshmallow: simplified object serialization")
        );
        let install = "Installation\n============\n\n**marshmallow** has no dependencies but ``packaging``, see :ref:`the list <deps>`.\n";
        assert_eq!(
            restructured_text_doc(install).as_deref(),
            Some("marshmallow has no dependencies but `packaging`, see the list.")
        );
        let serializer = ".. module:: itsdangerous.serializer\n\nSerialization Interface\n=======================\n\nThe :doc:`/signer` only signs bytes, as :ref:`key_rotation` says.\n";
        assert_eq!(
            restructured_text_doc(serializer).as_deref(),
            Some("Serialization Interface: The signer only signs bytes, as key rotation says.")
        );
        // itsdangerous's `exceptions.rst` and `concepts.rst`: a page of autodoc directives is
        // the reference of what they name; one of sections with no opening paragraph is said
        // by their titles.
        let exceptions = ".. module:: itsdangerous.exc\n\nExceptions\n==========\n\n.. autoexception:: BadData\n    :members:\n\n.. autoexception:: BadSignature\n\n.. autoexception:: itsdangerous.exc.BadTimeSignature\n\n.. autoexception:: SignatureExpired\n";
        assert_eq!(
            restructured_text_doc(exceptions).as_deref(),
            Some("Exceptions: the reference of `BadData`, `BadSignature`, `BadTimeSignature` and 1 more.")
        );
        // more-itertools' `api.rst`: a signature written after the name is no part of it.
        let api = "API Reference\n=============\n\n.. automodule:: more_itertools\n\n.. autofunction:: chunked\n.. autofunction:: constrained_batches(iterable, max_size, max_count=None)\n.. autoclass:: bucket\n";
        assert_eq!(
            restructured_text_doc(api).as_deref(),
            Some("API Reference: the reference of `more_itertools`, `chunked`, `constrained_batches` and 1 more.")
        );
        // Its changelog opens with a module directive not indexed, to link the names it cites:
        // no reference.
        let versions = "Version History\n===============\n\n.. automodule:: more_itertools\n   :noindex:\n\nUnreleased\n----------\n\n* Changes.\n";
        assert!(!restructured_text_doc(versions)
            .unwrap_or_default()
            .contains("reference"));
        // A shell script's `#` comments are no sections.
        let script = "# This is a completion script for bash.\n\n# macOS still ships Bash 3\n# and more.\n\n# Another comment\n# here.\nfoo() {\n}\n";
        assert!(!restructured_text_doc(script)
            .unwrap_or_default()
            .contains("in sections"));
        let concepts = "General Concepts\n================\n\n\nSerializer vs Signer\n--------------------\n\nItsDangerous provides two levels.\n\nThe Secret Key\n--------------\n\nSignatures are secured.\n\nSub\n~~~\n\nDeeper.\n\nThe Salt\n--------\n\nSalts.\n";
        assert_eq!(
            restructured_text_doc(concepts).as_deref(),
            Some(
                "General Concepts, in sections: Serializer vs Signer, The Secret Key and The Salt."
            )
        );
        // A first sentence that shares a word with the title needs no title before it.
        let signer = "Signing Interface\n=================\n\nThe most basic interface is the signing interface.\n";
        assert_eq!(
            restructured_text_doc(signer).as_deref(),
            Some("The most basic interface is the signing interface.")
        );
        let kudos = "Kudos\n=====\n\nA hat tip to `Django Rest Framework`_ , `Flask-RESTful <https://x.org>`_, and a :class:`Schema`.\n";
        assert_eq!(
            restructured_text_doc(kudos).as_deref(),
            Some("A hat tip to Django Rest Framework , Flask-RESTful, and a `Schema`.")
        );
        assert_eq!(
            restructured_text_doc("Copyright 2024 The Authors\n\nPermission is granted.\n"),
            None
        );
        assert_eq!(restructured_text_doc(""), None);
        // guzzle's `docs/faq.rst` and `docs/overview.rst`: under a one-word title, a question's
        // answer and a `#.` list are no description of the document.
        let faq = "===\nFAQ\n===\n\nDoes Guzzle require cURL?\n=========================\n\nNo. Guzzle can use any HTTP handler to send requests.\n";
        assert_eq!(restructured_text_doc(faq), None);
        let overview = "========\nOverview\n========\n\nRequirements\n============\n\n#. PHP 7.2.5\n#. To use the PHP stream handler, ``allow_url_fopen`` must be enabled.\n";
        assert_eq!(restructured_text_doc(overview), None);
    }

    #[test]
    fn doc_is_capped() {
        let source = format!("# T\n\n{}\n", "word ".repeat(200));
        let doc = parse(&source).doc.unwrap_or_default();
        assert!(doc.chars().count() <= MAX_DOC_CHARS);
    }
}
