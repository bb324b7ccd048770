//! Finds the Markdown structure of a page body with pulldown-cmark: the byte ranges of code
//! blocks, code spans, inline links and images, web autolinks, raw HTML and reference
//! definitions ("islands"), each with what its rewriting needs. It rewrites nothing; the prose
//! between islands is left to `resolve`, which reads it with its own rules.

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::cmp::Reverse;
use std::ops::Range;

/// A body and the islands pulldown-cmark found in it, sorted by start, outermost first.
pub(crate) struct Document<'s> {
    pub source: &'s str,
    islands: Vec<Island>,
}

/// One piece of Markdown structure and where it lies in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Island {
    pub range: Range<usize>,
    pub kind: IslandKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IslandKind {
    /// A fenced or indented code block, in any container.
    CodeBlock(CodeBlock),
    /// A code span; `content` as CommonMark reads it (line breaks become spaces, one space
    /// stripped from each side when both sides have one).
    CodeSpan { content: String },
    /// `[text](destination)`: the text's range and the destination as a renderer reads it
    /// (escapes and entities decoded, angle brackets removed).
    Link {
        text: Range<usize>,
        destination: String,
    },
    /// `![alt](source)`: the alt text's range.
    Image { text: Range<usize> },
    /// `<https://…>`, `<mailto:…>` with nothing in it that could be read as markup.
    WebAutolink,
    /// Raw HTML: an HTML block, or one inline tag, comment or declaration.
    Html,
    /// A reference definition `[label]: destination` with a plain label.
    Definition(Definition),
}

/// A code block as it will be re-emitted at column 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeBlock {
    pub fence_char: char,
    /// The opening fence's length in the source (3 for an indented block).
    pub fence_length: usize,
    /// The rest of the opening fence line, exactly as written.
    pub info: String,
    /// The content, de-indented and without container markers, as CommonMark reads it.
    pub content: String,
}

/// What becomes of a reference definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Definition {
    /// A plain, safe definition, rebuilt on one line without its title.
    Keep(String),
    /// A definition pointing somewhere unsafe or unknown.
    Drop,
}

/// A link or image whose End event has not come yet.
struct OpenLink {
    start: usize,
    /// Where the text starts: after `[`, or after `![` for an image.
    text_start: usize,
    /// The end of the furthest event inside the text so far.
    text_end: usize,
    destination: Option<String>,
}

impl<'s> Document<'s> {
    pub fn parse(source: &'s str) -> Document<'s> {
        let parser = Parser::new_ext(source, Options::empty());
        let mut islands: Vec<Island> = parser
            .reference_definitions()
            .iter()
            .filter_map(|(_, definition)| {
                definition_island(source, definition.span.clone(), &definition.dest)
            })
            .collect();
        let mut code_block: Option<(usize, CodeBlock)> = None;
        // One entry per open link or image; `None` for the kinds read as prose.
        let mut links: Vec<Option<OpenLink>> = Vec::new();
        for (event, range) in parser.into_offset_iter() {
            if let Some((_, block)) = code_block.as_mut() {
                match event {
                    Event::Text(text) => block.content.push_str(&text),
                    Event::End(TagEnd::CodeBlock) => {
                        if let Some((start, block)) = code_block.take() {
                            islands.push(Island {
                                range: start..range.end,
                                kind: IslandKind::CodeBlock(block),
                            });
                        }
                    }
                    _ => {}
                }
                continue;
            }
            if matches!(event, Event::End(TagEnd::Link | TagEnd::Image)) {
                let open = links.pop().flatten();
                if let Some(island) = open.and_then(|open| link_island(source, open, range.end)) {
                    islands.push(island);
                }
            }
            // Every event inside a link's text, a nested image included, ends before its `]`.
            for open in links.iter_mut().flatten() {
                open.text_end = open.text_end.max(range.end);
            }
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    code_block = Some((range.start, code_block_from(source, &range, &kind)));
                }
                Event::Code(content) => islands.push(Island {
                    range,
                    kind: IslandKind::CodeSpan {
                        content: content.to_string(),
                    },
                }),
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }) => {
                    match link_type {
                        LinkType::Autolink | LinkType::Email
                            if is_plain_web_link(&source[range.clone()]) =>
                        {
                            islands.push(Island {
                                range: range.clone(),
                                kind: IslandKind::WebAutolink,
                            });
                        }
                        _ => {}
                    }
                    // Reference links (`[text][label]`, `[label]`) stay prose, as they always
                    // were: their brackets are escaped and their definitions checked alone.
                    links.push((link_type == LinkType::Inline).then(|| OpenLink {
                        start: range.start,
                        text_start: range.start + 1,
                        text_end: range.start + 1,
                        destination: Some(dest_url.to_string()),
                    }));
                }
                Event::Start(Tag::Image { link_type, .. }) => {
                    links.push((link_type == LinkType::Inline).then(|| OpenLink {
                        start: range.start,
                        text_start: range.start + 2,
                        text_end: range.start + 2,
                        destination: None,
                    }));
                }
                Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => islands.push(Island {
                    range,
                    kind: IslandKind::Html,
                }),
                _ => {}
            }
        }
        islands.sort_by_key(|island| (island.range.start, Reverse(island.range.end)));
        Document { source, islands }
    }

    /// The outermost island starting at `at` that ends by `end`.
    pub fn island_at(&self, at: usize, end: usize) -> Option<&Island> {
        let index = self
            .islands
            .partition_point(|island| island.range.start < at);
        self.islands
            .get(index)
            .filter(|island| island.range.start == at && island.range.end <= end)
    }

    /// Where the next island after `at` starts (the source's length when none does).
    pub fn next_island_start(&self, at: usize) -> usize {
        let index = self
            .islands
            .partition_point(|island| island.range.start <= at);
        self.islands
            .get(index)
            .map_or(self.source.len(), |island| island.range.start)
    }
}

fn code_block_from(source: &str, range: &Range<usize>, kind: &CodeBlockKind) -> CodeBlock {
    let indented = CodeBlock {
        fence_char: '`',
        fence_length: 3,
        info: String::new(),
        content: String::new(),
    };
    let CodeBlockKind::Fenced(_) = kind else {
        return indented;
    };
    // The range of a fenced block starts at its fence, whatever container holds it.
    let line = source[range.start..].lines().next().unwrap_or_default();
    let Some(fence_char) = line.chars().next().filter(|c| matches!(c, '`' | '~')) else {
        return indented;
    };
    let fence_length = line.chars().take_while(|c| *c == fence_char).count();
    CodeBlock {
        fence_char,
        fence_length,
        info: line[fence_length..].to_string(),
        content: String::new(),
    }
}

/// The island of an inline link or image whose End event ends at `end`. The text ends at the
/// first `]` after every event inside it: a `]` inside the text is itself an event.
fn link_island(source: &str, open: OpenLink, end: usize) -> Option<Island> {
    let text_end = open.text_end + source.get(open.text_end..end)?.find(']')?;
    let text = open.text_start..text_end;
    let kind = match open.destination {
        Some(destination) => IslandKind::Link { text, destination },
        None => IslandKind::Image { text },
    };
    Some(Island {
        range: open.start..end,
        kind,
    })
}

/// A reference definition whose label is plain (letters, digits, spaces, `-`, `_`, `.`); one
/// with a fancier label is left to be read as prose, which `resolve` makes safe. Only web or
/// in-page destinations written plainly are kept.
fn definition_island(source: &str, span: Range<usize>, destination: &str) -> Option<Island> {
    let written = source.get(span.clone())?.strip_prefix('[')?;
    let label = &written[..written.find("]:")?];
    let plain_label = !label.is_empty()
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
    if !plain_label {
        return None;
    }
    let plain_destination = crate::resolve::encode_destination(destination) == destination;
    let definition =
        if plain_destination && (destination.starts_with('#') || is_web_link(destination)) {
            Definition::Keep(format!("[{label}]: {destination}"))
        } else {
            Definition::Drop
        };
    Some(Island {
        range: span,
        kind: IslandKind::Definition(definition),
    })
}

pub(crate) fn is_web_link(destination: &str) -> bool {
    let lower = destination.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// Only plain web autolinks stay; one holding quotes, brackets or backticks is escaped like any
/// other `<` rather than trusted to parse the same everywhere.
fn is_plain_web_link(autolink: &str) -> bool {
    let inside = autolink.trim_start_matches('<').trim_end_matches('>');
    is_web_link(inside) && crate::resolve::encode_destination(inside) == inside
}

impl CodeBlock {
    /// The block as a fence at column 0, always closed. The fence is made longer than any line
    /// of the content that could close it, which a line de-indented out of a list can.
    pub fn render(&self) -> String {
        let longest_closer = self
            .content
            .lines()
            .filter_map(|line| {
                let trimmed = line.trim_start_matches(' ');
                let run = trimmed
                    .chars()
                    .take_while(|c| *c == self.fence_char)
                    .count();
                let closes = line.len() - trimmed.len() <= 3
                    && trimmed[run * self.fence_char.len_utf8()..]
                        .chars()
                        .all(|c| c == ' ' || c == '\t');
                (closes && run > 0).then_some(run)
            })
            .max()
            .unwrap_or(0);
        let fence = self
            .fence_char
            .to_string()
            .repeat(self.fence_length.max(longest_closer + 1));
        let mut out = format!("{fence}{}\n{}", self.info, self.content);
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&fence);
        out.push('\n');
        out
    }
}
