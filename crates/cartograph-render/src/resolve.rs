//! Makes a page body safe and true before it is written: citations (`[[path]]`,
//! `[[path#Symbol]]`, `[[path:12-40]]`, plain `path:12-40`, relative Markdown links) become links
//! to the lines that exist now, or are removed; backticked names that name nothing in the index
//! lose their code formatting; raw HTML is escaped and script-like elements dropped. Code blocks
//! (mermaid included) keep their content untouched, re-emitted as fences at column 0. It finds
//! the Markdown structure through pulldown-cmark (`crate::islands`) and decides what each piece
//! becomes. It does not judge prose.

use crate::context::Context;
use crate::islands::{is_web_link, Definition, Document, Island, IslandKind};
use crate::paths::{decode_link, dir_components, join_normalised, link_between, link_to_source};
use cartograph_core::{FileMap, Language, SymbolKind};
use std::ops::Range;

/// Files of the docs folder that pages may link to besides the pages themselves.
const DOCS_FILES: &[&str] = &["SUMMARY.md", "index.json", "llms.txt"];

/// Elements dropped with their content: showing a script's source in the docs helps no one.
const DROPPED_ELEMENTS: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "xmp",
    "svg", "math", "applet", "frameset",
];

/// Backticked words that are plainly code without naming anything in the repository.
const CODE_WORDS: &[&str] = &[
    // Build tools a page names as commands (`make`), which no file defines either.
    "make",
    "cmake",
    "cargo",
    "npm",
    "pnpm",
    "yarn",
    "go",
    "pip",
    "pytest",
    "tox",
    "nox",
    "just",
    "mvn",
    "gradle",
    "dotnet",
    "rake",
    "bundle",
    "composer",
    "bazel",
    "meson",
    "ninja",
    // Python's module attributes, which no file defines as a symbol.
    "__all__",
    "__main__",
    "__name__",
    "true",
    "false",
    "null",
    "nil",
    "None",
    "Some",
    "Ok",
    "Err",
    "self",
    "Self",
    "this",
    "super",
    "crate",
    "undefined",
    "NaN",
    "async",
    "await",
    "fn",
    "def",
    "let",
    "const",
    "var",
    "mut",
    "pub",
    "impl",
    "trait",
    "struct",
    "enum",
    "class",
    "interface",
    "type",
    "return",
    "yield",
    "match",
    "if",
    "else",
    "for",
    "while",
    "loop",
    "break",
    "continue",
    "import",
    "from",
    "use",
    "mod",
    "package",
    "func",
    "go",
    "defer",
    "static",
    "void",
    "int",
    "float",
    "double",
    "bool",
    "char",
    "str",
    "string",
    "String",
    "byte",
    "bytes",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "f32",
    "f64",
    "new",
    "main",
    "init",
    "__init__",
    "__main__",
    "stdin",
    "stdout",
    "stderr",
    "unsafe",
    "dyn",
    "where",
    "try",
    "catch",
    "throw",
    "throws",
    "raise",
    "except",
    "finally",
    "with",
    "lambda",
    "public",
    "private",
    "protected",
    "internal",
    "export",
    "default",
    "extends",
    "implements",
];

/// What a citation names: the file, the lines when it names some, and the text to show.
type Target<'a> = (&'a FileMap, Option<(u32, u32)>, String);

pub(crate) struct Resolved {
    pub text: String,
    pub citations_removed: u32,
    pub citations_corrected: u32,
    pub names_unformatted: u32,
}

struct Resolver<'c, 'a> {
    context: &'c Context<'a>,
    page: &'c str,
    /// The page's directory inside the docs folder.
    page_dir: Vec<&'c str>,
    /// The page's directory relative to the repository root.
    page_dir_in_repo: Vec<&'c str>,
    citations_removed: u32,
    citations_corrected: u32,
    names_unformatted: u32,
    /// The symbol named in code right before the citation being resolved, if any.
    beside: Option<String>,
}

/// Text rewritten so far in one run of `Resolver::rewrite`, and what its rules remember.
struct Prose {
    out: String,
    /// The last backticked symbol name and where it ended in `out`.
    last_symbol: Option<(String, usize)>,
    /// False inside a link's text or a citation's label, where neither may nest.
    links: bool,
}

pub(crate) fn resolve_body(body: &str, page: &str, context: &Context) -> Resolved {
    let page_dir = dir_components(page);
    let mut page_dir_in_repo = context.docs_dir.clone();
    page_dir_in_repo.extend(page_dir.iter().copied());
    let mut resolver = Resolver {
        context,
        page,
        page_dir,
        page_dir_in_repo,
        citations_removed: 0,
        names_unformatted: 0,
        citations_corrected: 0,
        beside: None,
    };
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let body = without_blanks_after_fences(&body);
    let body = pipes_escaped_in_table_code(&body);
    let document = Document::parse(strip_front_matter(&body));
    let mut text = resolver.rewrite(&document, 0..document.source.len(), true);
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    Resolved {
        text,
        citations_removed: resolver.citations_removed,
        citations_corrected: resolver.citations_corrected,
        names_unformatted: resolver.names_unformatted,
    }
}

/// Lines that are only a fence run (`` ``` ``, `~~~~`) lose the spaces and tabs after it.
/// CommonMark lets a closing fence be followed by spaces or tabs; pulldown-cmark 0.13 accepts
/// only spaces, and would read everything after `` ``` `` plus a tab as code. Without the
/// blanks, both read such a line the same; as an opening fence it has no info string either way.
fn without_blanks_after_fences(body: &str) -> std::borrow::Cow<'_, str> {
    let is_fence_run = |line: &str| {
        let run = line.trim_start_matches(' ');
        run.len() >= 3 && (run.bytes().all(|b| b == b'`') || run.bytes().all(|b| b == b'~'))
    };
    let needs_trim = |line: &str| {
        let trimmed = line.trim_end_matches([' ', '\t']);
        trimmed.len() < line.len() && is_fence_run(trimmed)
    };
    if !body.lines().any(needs_trim) {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        let (line, newline) = match line.strip_suffix('\n') {
            Some(line) => (line, "\n"),
            None => (line, ""),
        };
        if needs_trim(line) {
            out.push_str(line.trim_end_matches([' ', '\t']));
        } else {
            out.push_str(line);
        }
        out.push_str(newline);
    }
    std::borrow::Cow::Owned(out)
}

/// Table rows with their code spans' `|` escaped (`\|`), which GitHub's tables read as the
/// pipe itself: unescaped, it ends the cell, and a script's `grep … | sed -n 2p` in a file
/// table's "about" cell had split its row in two. Lines inside fences stay as they are.
fn pipes_escaped_in_table_code(body: &str) -> std::borrow::Cow<'_, str> {
    let mut fence: Option<(u8, usize)> = None;
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let trimmed = line.trim_start_matches(' ');
        let run_of = |mark: u8| trimmed.bytes().take_while(|&b| b == mark).count();
        let (ticks, tildes) = (run_of(b'`'), run_of(b'~'));
        match fence {
            Some((mark, length)) => {
                if run_of(mark) >= length && trimmed[run_of(mark)..].trim().is_empty() {
                    fence = None;
                }
                continue;
            }
            None if ticks >= 3 => {
                fence = Some((b'`', ticks));
                continue;
            }
            None if tildes >= 3 => {
                fence = Some((b'~', tildes));
                continue;
            }
            None => {}
        }
        if !trimmed.starts_with('|') || !line.contains('`') {
            continue;
        }
        let escaped = code_pipes_escaped(line);
        if escaped != line {
            let out = out.get_or_insert_with(|| String::with_capacity(body.len() + 16));
            out.push_str(&body[copied..start]);
            out.push_str(&escaped);
            copied = at;
        }
    }
    match out {
        Some(mut out) => {
            out.push_str(&body[copied..]);
            std::borrow::Cow::Owned(out)
        }
        None => std::borrow::Cow::Borrowed(body),
    }
}

/// One line with each unescaped `|` inside a code span written `\|`. A code span opens with a
/// run of backticks and closes at the next run of the same length; a run never closed opens
/// nothing.
fn code_pipes_escaped(line: &str) -> String {
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len() + 8);
    let mut at = 0;
    let mut copied = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'`' => {
                let run = bytes[at..].iter().take_while(|&&b| b == b'`').count();
                let open_end = at + run;
                // The closing run: the next run of exactly `run` backticks.
                let mut probe = open_end;
                let mut close = None;
                while probe < bytes.len() {
                    if bytes[probe] == b'`' {
                        let length = bytes[probe..].iter().take_while(|&&b| b == b'`').count();
                        if length == run {
                            close = Some(probe);
                            break;
                        }
                        probe += length;
                    } else {
                        probe += 1;
                    }
                }
                let Some(close) = close else {
                    at = open_end;
                    continue;
                };
                out.push_str(&line[copied..open_end]);
                let mut previous = ' ';
                for c in line[open_end..close].chars() {
                    if c == '|' && previous != '\\' {
                        out.push('\\');
                    }
                    out.push(c);
                    previous = c;
                }
                copied = close;
                at = close + run;
            }
            _ => at += 1,
        }
    }
    out.push_str(&line[copied..]);
    out
}

/// A body may arrive with its own front matter (a model imitating a page): it is dropped,
/// since render writes the real one.
fn strip_front_matter(body: &str) -> &str {
    let Some(rest) = body.strip_prefix("---\n") else {
        return body;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n').take(60) {
        offset += line.len();
        let line = line.trim_end();
        if line == "---" {
            return &rest[offset..];
        }
        // Only YAML-looking lines (`key: value`, list items, blanks) make front matter; a rule
        // followed by prose is content.
        let yaml = line.is_empty()
            || line.starts_with([' ', '-', '#'])
            || line.split_once(':').is_some_and(|(key, _)| {
                !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            });
        if !yaml {
            return body;
        }
    }
    body
}

fn has_scheme(destination: &str) -> bool {
    match destination.find(':') {
        Some(at) => {
            let scheme = &destination[..at];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        }
        None => false,
    }
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// The `]]` closing a citation whose target starts at `from`: on the same line and outside
/// every island (an island inside, such as a code span in the label, belongs to the citation).
fn citation_end(document: &Document, from: usize, end: usize) -> Option<usize> {
    let bytes = document.source.as_bytes();
    let mut at = from;
    while at + 2 <= end {
        if let Some(island) = document.island_at(at, end) {
            at = island.range.end;
            continue;
        }
        match bytes[at] {
            b'\n' => return None,
            // A citation inside another is none: the outer one is not closed where it seems.
            // Brackets inside a code span of the label are the label's (`c.Callable[[F], F]`).
            b'[' if bytes[at + 1] == b'[' => return None,
            b']' if bytes[at + 1] == b']' => return Some(at),
            _ => at += 1,
        }
    }
    None
}

/// The range of `part`, a slice of the body starting at `offset`, without surrounding
/// whitespace.
fn trimmed_range(part: &str, offset: usize) -> Range<usize> {
    let start = offset + (part.len() - part.trim_start().len());
    let end = offset + part.trim_end().len();
    start..end.max(start)
}

/// Bytes that end a plain run of prose: everything the text rules must look at.
fn is_special(byte: u8) -> bool {
    matches!(byte, b'\\' | b'`' | b'[' | b']' | b'<')
}

/// Bytes after which a plain `path:12-40` citation may start.
fn starts_word_after(byte: u8) -> bool {
    byte.is_ascii_whitespace() || matches!(byte, b'(' | b'"' | b'\'' | b'*')
}

fn ends_word(byte: u8) -> bool {
    byte.is_ascii_whitespace()
        || matches!(
            byte,
            b'(' | b')'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'`'
                | b'"'
                | b'\''
                | b'*'
                | b','
                | b';'
                | b'|'
                | b'\\'
                | b'!'
        )
}

/// `path:12`, `path:12-40` → (path, first, last).
fn split_line_reference(text: &str) -> Option<(&str, u32, u32)> {
    let (path, range) = text.rsplit_once(':')?;
    if path.is_empty() || path.contains("://") || path.contains(char::is_whitespace) {
        return None;
    }
    let (first, last) = match range.split_once('-') {
        Some((first, last)) => (first, last.trim_start_matches('L')),
        None => (range, range),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(first) || !digits(last) {
        return None;
    }
    Some((path, first.parse().ok()?, last.parse().ok()?))
}

/// `L12`, `L12-L40`, `L12-40` → (12, 40).
pub(crate) fn split_line_fragment(fragment: &str) -> Option<(u32, u32)> {
    let rest = fragment.strip_prefix('L')?;
    let (first, last) = match rest.split_once('-') {
        Some((first, last)) => (first, last.trim_start_matches('L')),
        None => (rest, rest),
    };
    Some((first.parse().ok()?, last.parse().ok()?))
}

fn valid_lines(file: &FileMap, first: u32, last: u32) -> bool {
    first >= 1 && first <= last && last <= file.lines
}

pub(crate) fn line_anchor(first: u32, last: u32) -> String {
    if first == last {
        format!("#L{first}")
    } else {
        format!("#L{first}-L{last}")
    }
}

/// The lines of the symbol `name` (`name`, `Parent.name`, `Parent::name`) in `file`: the first
/// definition by line, preferring a definition over an `impl` block of the same name.
fn symbol_lines(file: &FileMap, name: &str) -> Option<(u32, u32)> {
    let (parent, short) = match name.rsplit_once("::").or_else(|| name.rsplit_once('.')) {
        Some((parent, short)) if !parent.is_empty() && !short.is_empty() => (Some(parent), short),
        _ => (None, name),
    };
    let by_line =
        |symbol: &&cartograph_core::Symbol| (symbol.kind == SymbolKind::Impl, symbol.line);
    let symbols = &file.parsed.symbols;
    let exact = symbols
        .iter()
        .filter(|symbol| symbol.name == name)
        .min_by_key(by_line);
    let chosen = match parent {
        _ if exact.is_some() => exact,
        None => None,
        // The member of the parent named so exactly before one of a parent that only names it
        // (C#'s `RequestHandlerWrapper` beside `RequestHandlerWrapper<TResponse>`).
        Some(parent) => {
            let member_of = |exactly: bool| {
                symbols
                    .iter()
                    .filter(|symbol| {
                        symbol.name == short
                            && symbol.parent.as_deref().is_some_and(|p| {
                                p == parent
                                    || (!exactly
                                        && p.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                                            .any(|word| word == parent))
                            })
                    })
                    .min_by_key(by_line)
            };
            member_of(true).or_else(|| member_of(false))
        }
    }?;
    let first = chosen.line.max(1);
    let last = chosen.end_line.max(first).min(file.lines.max(first));
    valid_lines(file, first, last).then_some((first, last))
}

/// Escapes text that leaves a code span for prose, so it reads the same.
fn escape_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl<'a> Resolver<'_, 'a> {
    /// Rewrites `range` of the body: each island by its rule, the prose around islands by the
    /// text rules. `links` is false inside a link's text or a citation's label.
    fn rewrite(&mut self, document: &Document, range: Range<usize>, links: bool) -> String {
        let mut prose = Prose {
            out: String::with_capacity(range.len() + range.len() / 4),
            last_symbol: None,
            links,
        };
        let mut at = range.start;
        // Raw HTML is rewritten as prose, except that a `<` in it may open an element to drop.
        let mut html_until = 0;
        while at < range.end {
            if at >= html_until {
                match document.island_at(at, range.end) {
                    Some(Island {
                        range: html,
                        kind: IslandKind::Html,
                    }) => html_until = html.end,
                    Some(island) => {
                        at = self.island(document, island, &mut prose);
                        continue;
                    }
                    None => {}
                }
            }
            at = self.prose_step(document, at, range.end, at < html_until, &mut prose);
        }
        let mut out = prose.out;
        // Text that lands inside other markup (a label, an alt text) must not end in a lone
        // backslash, which would escape whatever comes after it.
        let trailing = out.len() - out.trim_end_matches('\\').len();
        if !links && trailing % 2 == 1 {
            out.push('\\');
        }
        out
    }

    /// Rewrites one island (raw HTML aside); returns where rewriting resumes.
    fn island(&mut self, document: &Document, island: &Island, prose: &mut Prose) -> usize {
        let written = &document.source[island.range.clone()];
        match &island.kind {
            IslandKind::CodeBlock(block) => {
                // Render re-emits every code block as a fence at column 0, so a block met inside
                // a list item or quote becomes a top-level one, and where code starts and ends
                // reads the same to any renderer, whether it reads lines alone or together.
                // The indentation or container markers before it on its line go.
                let kept = prose.out.trim_end_matches([' ', '\t']).len();
                prose.out.truncate(kept);
                if !prose.out.is_empty() && !prose.out.ends_with('\n') {
                    prose.out.push('\n');
                }
                prose.out.push_str(&block.render());
                // The rendered block ends its own line.
                let end = island.range.end;
                let line_ended = written.ends_with('\n');
                return if !line_ended && document.source[end..].starts_with('\n') {
                    end + 1
                } else {
                    end
                };
            }
            IslandKind::CodeSpan { content } => self.code_span_island(written, content, prose),
            IslandKind::Link { text, destination } => {
                let shown = self.rewrite(document, text.clone(), false);
                let rendered = if prose.links {
                    self.link(shown, destination)
                } else {
                    shown
                };
                push_piece(&mut prose.out, &rendered);
            }
            IslandKind::Image { text } => {
                // Images from a body are dropped (they can load anything); the alt text stays.
                let alt = self.rewrite(document, text.clone(), false);
                push_piece(&mut prose.out, &alt);
            }
            IslandKind::WebAutolink => prose.out.push_str(written),
            IslandKind::Definition(Definition::Keep(kept)) => prose.out.push_str(kept),
            IslandKind::Definition(Definition::Drop) => {
                // A dropped definition that filled its line takes the line with it.
                let end = island.range.end;
                if starts_line(&prose.out) && document.source[end..].starts_with('\n') {
                    let kept = prose.out.trim_end_matches([' ', '\t']).len();
                    prose.out.truncate(kept);
                    return end + 1;
                }
            }
            // Raw HTML is read by `rewrite` itself.
            IslandKind::Html => {}
        }
        island.range.end
    }

    fn code_span_island(&mut self, written: &str, content: &str, prose: &mut Prose) {
        // A span across a line break is joined onto one line (CommonMark reads the break as a
        // space), so a renderer that reads each line alone still pairs its backticks.
        let whole = if written.contains('\n') {
            crate::markdown::code_span(content)
        } else {
            written.to_string()
        };
        self.beside = beside(&prose.out, &prose.last_symbol);
        let rendered = self.code_span(&whole, content, prose.links);
        self.beside = None;
        push_piece(&mut prose.out, &rendered);
        if rendered == whole {
            prose.last_symbol = self
                .symbol_name(content)
                .map(|name| (name, prose.out.len()));
        }
    }

    /// Rewrites the prose at `at` by the text rules, up to `end` at most; returns where it
    /// stopped. `html` says `at` lies in raw HTML.
    fn prose_step(
        &mut self,
        document: &Document,
        at: usize,
        end: usize,
        html: bool,
        prose: &mut Prose,
    ) -> usize {
        let source = document.source;
        let bytes = source.as_bytes();
        let byte = bytes[at];
        // Prose never runs into the island after it.
        let stop = document.next_island_start(at).min(end);
        if byte == b'\\'
            && at + 2 <= stop
            && bytes.get(at + 1).is_some_and(|b| b.is_ascii_punctuation())
        {
            prose.out.push_str(&source[at..at + 2]);
            return at + 2;
        }
        if byte == b'`' {
            // Every code span is an island, so a backtick met here pairs with nothing. It is
            // escaped, so no renderer can pair it with one on a later line.
            let run = bytes[at..stop].iter().take_while(|b| **b == b'`').count();
            push_piece(&mut prose.out, &"\\`".repeat(run));
            return at + run;
        }
        if byte == b'[' && prose.links && bytes.get(at + 1) == Some(&b'[') {
            if let Some(close) = citation_end(document, at + 2, end) {
                self.beside = beside(&prose.out, &prose.last_symbol);
                let rendered = self.citation(document, at + 2..close);
                self.beside = None;
                push_collapsing(&mut prose.out, &rendered, bytes.get(close + 2));
                return close + 2;
            }
        }
        if byte == b'<' {
            if html {
                return self.angle(source, at, end, &mut prose.out);
            }
            // A `<` that pulldown-cmark read as text starts no tag now, but could start one
            // once a neighbouring code span loses its backticks: it is escaped too.
            push_piece(&mut prose.out, "&lt;");
            return at + 1;
        }
        if byte == b'[' || byte == b']' {
            // A bracket that is not a link or citation is escaped, so no renderer can build a
            // link from it with brackets on other lines or with text that removing a citation
            // brought next to it. `\[` reads as `[`.
            push_piece(&mut prose.out, if byte == b'[' { "\\[" } else { "\\]" });
            return at + 1;
        }
        if byte == b'~' && starts_line(&prose.out) {
            // Prose may hold a tilde run at the start of a line (raw HTML read as text, a
            // removed citation): escaped, it cannot open a fence that swallows real code.
            push_piece(&mut prose.out, "\\~");
            return at + 1;
        }
        let at_word_start = at == 0 || starts_word_after(bytes[at - 1]);
        if at_word_start && (byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'/')) {
            let word_end = (at..stop).find(|&i| ends_word(bytes[i])).unwrap_or(stop);
            let word = &source[at..word_end];
            let candidate = word.trim_end_matches(['.', ':', '?']);
            if prose.links {
                self.beside = beside(&prose.out, &prose.last_symbol);
                let rendered = self.plain_citation(candidate, false);
                self.beside = None;
                if let Some(rendered) = rendered {
                    push_collapsing(&mut prose.out, &rendered, bytes.get(at + candidate.len()));
                    return at + candidate.len();
                }
            }
            prose.out.push_str(word);
            return word_end;
        }
        let run_end = (at + 1..stop)
            .find(|&i| is_special(bytes[i]) || starts_word_after(bytes[i - 1]))
            .unwrap_or(stop);
        prose.out.push_str(&source[at..run_end]);
        run_end
    }

    /// `[[target]]` or `[[target|label]]`, the part between the brackets at `inner`.
    fn citation(&mut self, document: &Document, inner: Range<usize>) -> String {
        let written = &document.source[inner.clone()];
        let (target, label) = match written.split_once('|') {
            Some((target, label)) => {
                let label_start = inner.start + target.len() + 1;
                // In a table cell the pipe is escaped (`[[a.py#f\|`f`]]`); the link made of
                // the citation has none.
                let target = target.strip_suffix('\\').unwrap_or(target);
                (target.trim(), Some(trimmed_range(label, label_start)))
            }
            None => (written.trim(), None),
        };
        match self.resolve_target(target) {
            Some((file, lines, shown)) => {
                let text = match label {
                    Some(label) if !label.is_empty() => self.rewrite(document, label, false),
                    _ => escape_plain(&shown),
                };
                let anchor = lines.map(|(a, b)| line_anchor(a, b)).unwrap_or_default();
                format!(
                    "[{text}]({}{anchor})",
                    link_to_source(self.page, &self.context.docs_dir, file.path.as_str())
                )
            }
            None => {
                self.citations_removed += 1;
                label
                    .map(|label| self.rewrite(document, label, false))
                    .unwrap_or_default()
            }
        }
    }

    /// Handles a `<` of raw HTML at `at`: keeps web autolinks, drops script-like elements with
    /// everything up to their closing tag (which may lie past the HTML, up to `end`), escapes
    /// the rest. Returns where rewriting resumes.
    fn angle(&mut self, source: &str, at: usize, end: usize, out: &mut String) -> usize {
        let rest = &source[at + 1..end];
        let line = rest.split('\n').next().unwrap_or_default();
        if let Some(close) = line.find('>') {
            let inside = &line[..close];
            if is_web_link(inside) && encode_destination(inside) == inside {
                out.push_str(&source[at..at + close + 2]);
                return at + close + 2;
            }
        }
        let next = rest.chars().next().unwrap_or(' ');
        let name = crate::markdown::tag_name(rest);
        let tag = next.is_ascii_alphabetic() || next == '/';
        if !tag || !DROPPED_ELEMENTS.contains(&name.as_str()) {
            // Every other `<` becomes `&lt;`, which reads the same.
            push_piece(out, "&lt;");
            return at + 1;
        }
        let Some(tag_end) = rest.find('>').map(|close| at + 1 + close + 1) else {
            // A tag left open: nothing after it can be told apart from the element.
            return end;
        };
        if next == '/' {
            return tag_end;
        }
        match find_ascii_ci(&source[tag_end..end], &format!("</{name}")) {
            Some(close) => {
                let close = tag_end + close;
                source[close..end]
                    .find('>')
                    .map_or(end, |close_end| close + close_end + 1)
            }
            None => end,
        }
    }

    fn code_span(&mut self, whole: &str, content: &str, links: bool) -> String {
        let inner = if content.len() > 2 && content.starts_with(' ') && content.ends_with(' ') {
            &content[1..content.len() - 1]
        } else {
            content
        };
        if links {
            if let Some(rendered) = self.plain_citation(inner, true) {
                return rendered;
            }
        }
        if is_checkable(inner) && !self.is_known_name(inner) {
            self.names_unformatted += 1;
            return escape_plain(inner);
        }
        whole.to_string()
    }

    /// True when a backticked name names a symbol, file, directory or package of the index.
    fn is_known_name(&self, text: &str) -> bool {
        let context = self.context;
        // Ruby's `reset!` and `empty?` are names as written.
        if context.symbol_names.contains(text) {
            return true;
        }
        let text = text.strip_suffix("()").unwrap_or(text);
        let text = text.strip_suffix('!').unwrap_or(text);
        if CODE_WORDS.contains(&text)
            || DOCS_FILES.contains(&text)
            || context.pages.contains(text)
            || context.symbol_names.contains(text)
            || context.package_names.contains(text)
            || context.hierarchy.names_external(text)
        {
            return true;
        }
        let as_path = text.trim_start_matches("./").trim_end_matches('/');
        if context.find_file(as_path).is_some()
            || context.dirs.contains(as_path)
            || context.stems.contains(as_path)
            || context.dir_tails.contains(as_path)
        {
            return true;
        }
        let segments: Vec<&str> = text
            .split("::")
            .flat_map(|part| part.split(['.', '#']))
            .filter(|segment| !segment.is_empty())
            .collect();
        segments.len() > 1
            && segments.last().is_some_and(|last| {
                context.symbol_names.contains(last) || context.stems.contains(last)
            })
    }

    /// `path:12-40` (in prose or a code span): a link to the lines when they exist; else the
    /// citation is removed (the path alone stays when the file exists).
    fn plain_citation(&mut self, text: &str, in_code: bool) -> Option<String> {
        let (path, first, last) = split_line_reference(text)?;
        let corrected = self
            .context
            .find_file(path)
            .and_then(|file| self.correction(file, first, last));
        let (first, last, text) = match corrected {
            Some((first, last, path)) => (first, last, path),
            None => (first, last, text.to_string()),
        };
        let text = text.as_str();
        // Only names with a source extension count as claims about a file; `host:8080` or
        // `image/name:1` are something else.
        let file_like =
            Language::from_file_name(path.rsplit('/').next().unwrap_or(path)) != Language::Text;
        let file = self.context.find_file(path);
        if file.is_none() && !file_like {
            return None;
        }
        let shown = if in_code {
            crate::markdown::code_span(text)
        } else {
            escape_plain(text)
        };
        match file {
            Some(file) if valid_lines(file, first, last) => Some(format!(
                "[{shown}]({}{})",
                link_to_source(self.page, &self.context.docs_dir, file.path.as_str()),
                line_anchor(first, last)
            )),
            Some(file) => {
                self.citations_removed += 1;
                Some(format!(
                    "[{}]({})",
                    escape_plain(file.path.as_str()),
                    link_to_source(self.page, &self.context.docs_dir, file.path.as_str())
                ))
            }
            None => {
                self.citations_removed += 1;
                Some(String::new())
            }
        }
    }

    /// The symbol a kept code span names, when it names one of the index (`decode`,
    /// `Decoder.feed`, `decode()`): the name a citation right after it must point at.
    fn symbol_name(&self, content: &str) -> Option<String> {
        let name = content.trim().strip_suffix("()").unwrap_or(content.trim());
        let last = name.rsplit(['.', ':', '#']).next().unwrap_or(name);
        self.context
            .symbol_names
            .contains(last)
            .then(|| name.to_string())
    }

    /// A line citation right after a backticked symbol must hold that symbol. When the file
    /// defines it elsewhere, the citation is pointed at its current lines and counted:
    /// returns the new lines and the reference text to show.
    fn correction(&mut self, file: &FileMap, first: u32, last: u32) -> Option<(u32, u32, String)> {
        let name = self.beside.as_deref()?;
        let (start, end) = symbol_lines(file, name)?;
        if first <= end && last >= start && valid_lines(file, first, last) {
            return None;
        }
        self.citations_corrected += 1;
        let shown = if start == end {
            format!("{}:{start}", file.path)
        } else {
            format!("{}:{start}-{end}", file.path)
        };
        Some((start, end, shown))
    }

    /// A citation target → the file, the lines (when it names some) and the text to show.
    fn resolve_target(&mut self, target: &str) -> Option<Target<'a>> {
        let context = self.context;
        if let Some(file) = context.find_file(target) {
            return Some((file, None, file.path.to_string()));
        }
        if let Some((path, fragment)) = target.rsplit_once('#') {
            let file = context.find_file(path)?;
            if let Some((first, last)) = split_line_fragment(fragment) {
                let (first, last) = self
                    .correction(file, first, last)
                    .map_or((first, last), |(a, b, _)| (a, b));
                return valid_lines(file, first, last).then(|| {
                    (
                        file,
                        Some((first, last)),
                        format!("{}:{first}-{last}", file.path),
                    )
                });
            }
            let lines = symbol_lines(file, fragment)?;
            return Some((file, Some(lines), fragment.to_string()));
        }
        let (path, first, last) = split_line_reference(target)?;
        let file = context.find_file(path)?;
        let (first, last) = self
            .correction(file, first, last)
            .map_or((first, last), |(a, b, _)| (a, b));
        let shown = if first == last {
            format!("{}:{first}", file.path)
        } else {
            format!("{}:{first}-{last}", file.path)
        };
        valid_lines(file, first, last).then_some((file, Some((first, last)), shown))
    }

    /// A Markdown link `[text](destination)`, its text already rewritten to `shown`.
    fn link(&mut self, shown: String, destination: &str) -> String {
        let destination = destination.trim();
        let destination = destination.split_whitespace().next().unwrap_or_default();
        let destination = destination.trim_start_matches('<').trim_end_matches('>');
        if destination.starts_with('#') || destination.starts_with("//") || is_web_link(destination)
        {
            return format!("[{shown}]({})", encode_destination(destination));
        }
        if has_scheme(destination) || destination.is_empty() {
            return shown;
        }
        let (path, fragment) = match destination.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (destination, None),
        };
        let path = decode_link(path);
        // A link between pages of the docs folder, relative as Markdown reads it.
        if let Some(in_docs) = join_normalised(&self.page_dir, &path) {
            if self.context.pages.contains(&in_docs) || DOCS_FILES.contains(&in_docs.as_str()) {
                let anchor = fragment
                    .map(|f| encode_destination(&format!("#{f}")))
                    .unwrap_or_default();
                return format!("[{shown}]({}{anchor})", link_between(self.page, &in_docs));
            }
        }
        // A source file: relative to the page as written, or (a model's habit) to the root.
        let from_page = join_normalised(&self.page_dir_in_repo, &path);
        let file = from_page
            .as_deref()
            .and_then(|p| self.context.file(p))
            .or_else(|| self.context.find_file(&path));
        if let Some(file) = file {
            let link = link_to_source(self.page, &self.context.docs_dir, file.path.as_str());
            let anchor = match fragment {
                None | Some("") => String::new(),
                Some(fragment) => match split_line_fragment(fragment) {
                    Some((first, last)) if valid_lines(file, first, last) => {
                        line_anchor(first, last)
                    }
                    Some(_) => {
                        self.citations_removed += 1;
                        return shown;
                    }
                    None => match symbol_lines(file, fragment) {
                        Some((first, last)) => line_anchor(first, last),
                        None if file.language == Language::Markdown => {
                            encode_destination(&format!("#{fragment}"))
                        }
                        None => String::new(),
                    },
                },
            };
            return format!("[{shown}]({link}{anchor})");
        }
        let directory = from_page
            .filter(|p| self.context.dirs.contains(p.as_str()))
            .or_else(|| {
                Some(path.trim_matches('/').to_string())
                    .filter(|p| self.context.dirs.contains(p.as_str()))
            });
        if let Some(directory) = directory {
            return format!(
                "[{shown}]({})",
                link_to_source(self.page, &self.context.docs_dir, &directory)
            );
        }
        self.citations_removed += 1;
        shown
    }
}

/// A destination copied from a body, percent-encoded wherever a character could end the link
/// early or be read as markup (quotes, brackets, parentheses, backticks, angle brackets).
pub(crate) fn encode_destination(destination: &str) -> String {
    let mut out = String::with_capacity(destination.len());
    for byte in destination.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b':'
                    | b'/'
                    | b'?'
                    | b'#'
                    | b'@'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'%'
            );
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The symbol named just before the end of `out`, when only a short connective (spaces,
/// `(`, `:`, a dash, `at`, `in`, `see`) stands between it and what comes next.
fn beside(out: &str, last_symbol: &Option<(String, usize)>) -> Option<String> {
    let (name, end) = last_symbol.as_ref()?;
    let gap = out.get(*end..)?;
    if gap.contains('\n') {
        return None;
    }
    let gap = gap.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '(' | ':' | ',' | '—' | '–' | '-')
    });
    matches!(gap, "" | "at" | "in" | "see").then(|| name.clone())
}

/// Appends a rendered piece. Removing something between two code spans must not merge their
/// backticks into one longer run, which would pair differently, so a space keeps them apart.
/// Likewise a lone backslash left at the end of `out` must not escape what follows.
fn push_piece(out: &mut String, rendered: &str) {
    let backslashes = out.len() - out.trim_end_matches('\\').len();
    let escapable = rendered.starts_with(|c: char| c.is_ascii_punctuation());
    if (out.ends_with('`') && rendered.starts_with('`')) || (backslashes % 2 == 1 && escapable) {
        out.push(' ');
    }
    out.push_str(rendered);
}

/// Whether what is written next starts a line (after indentation at most).
fn starts_line(out: &str) -> bool {
    out.rsplit('\n')
        .next()
        .is_none_or(|line| line.bytes().all(|b| b == b' ' || b == b'\t'))
}

/// Appends a rendered citation; when it rendered to nothing, avoids leaving two spaces behind.
fn push_collapsing(out: &mut String, rendered: &str, next: Option<&u8>) {
    if rendered.is_empty()
        && out.ends_with(' ')
        && next.is_some_and(|b| *b == b' ' || b.is_ascii_punctuation())
    {
        out.pop();
    }
    push_piece(out, rendered);
}

/// Whether a code span's content is a name or path to check against the index. Expressions,
/// commands, flags, numbers and globs are code as they stand.
fn is_checkable(text: &str) -> bool {
    let text = text.strip_suffix("()").unwrap_or(text);
    let Some(first) = text.chars().next() else {
        return false;
    };
    // A URL's path (a route, `/admin/accounts`) is no name of the code.
    if first == '/' {
        return false;
    }
    let versionish = first == 'v' && text[1..].starts_with(|c: char| c.is_ascii_digit());
    (first.is_ascii_alphabetic() || matches!(first, '_' | '$' | '.'))
        && !versionish
        && text.chars().any(|c| c.is_ascii_alphabetic())
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.' | '/' | ':' | '#' | '!' | '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_references() {
        assert_eq!(
            split_line_reference("src/a.rs:12-40"),
            Some(("src/a.rs", 12, 40))
        );
        assert_eq!(split_line_reference("a.rs:7"), Some(("a.rs", 7, 7)));
        assert_eq!(split_line_reference("http://x.com:80"), None);
        assert_eq!(split_line_reference("a.rs:x"), None);
        assert_eq!(split_line_fragment("L3-L9"), Some((3, 9)));
        assert_eq!(split_line_fragment("L3"), Some((3, 3)));
    }

    #[test]
    fn checkable_names() {
        assert!(is_checkable("decode"));
        assert!(is_checkable("foo()"));
        assert!(is_checkable("a::b"));
        assert!(is_checkable("src/x.rs"));
        // A route is a URL's path, not a name of the code.
        assert!(!is_checkable("/admin/accounts"));
        assert!(!is_checkable("foo(x)"));
        assert!(!is_checkable("cargo test"));
        assert!(!is_checkable("--json"));
        assert!(!is_checkable("42"));
        assert!(!is_checkable("v1.2"));
        assert!(!is_checkable("*.rs"));
    }

    /// MediatR's `RequestHandlerWrapper<TResponse>` and `RequestHandlerWrapper` each have a
    /// `Handle`: `RequestHandlerWrapper.Handle` is the plain type's, not the first by line.
    #[test]
    fn a_member_of_the_parent_named_exactly_comes_first() {
        let symbol = |name: &str, line: u32, parent: Option<&str>| cartograph_core::Symbol {
            kind: SymbolKind::Method,
            name: name.into(),
            line,
            end_line: line,
            signature: name.into(),
            doc: None,
            visibility: None,
            parent: parent.map(Into::into),
        };
        let file = FileMap {
            path: cartograph_core::RepoPath::new("W.cs").unwrap_or_else(|_| unreachable!()),
            hash: cartograph_core::ContentHash::of(b"W.cs"),
            language: Language::CSharp,
            bytes: 300,
            lines: 10,
            tokens: 90,
            flags: Default::default(),
            parsed: cartograph_core::ParsedFile {
                symbols: vec![
                    symbol("Handle", 2, Some("RequestHandlerWrapper<TResponse>")),
                    symbol("Handle", 6, Some("RequestHandlerWrapper")),
                    symbol("Run", 8, Some("Runner<T>")),
                ],
                ..Default::default()
            },
        };
        assert_eq!(
            symbol_lines(&file, "RequestHandlerWrapper.Handle"),
            Some((6, 6))
        );
        assert_eq!(symbol_lines(&file, "Runner.Run"), Some((8, 8)));
    }

    /// A small index: `src/a.rs` (50 lines, `decode` at 10-20) and `docs/guide.md`.
    struct Fixture {
        files: Vec<FileMap>,
        graph: cartograph_graph::Graph,
        summaries: std::collections::BTreeMap<cartograph_core::RepoPath, crate::Summary>,
        texts: std::collections::BTreeMap<cartograph_core::RepoPath, String>,
    }

    fn fixture() -> Fixture {
        let file = |path: &str, lines: u32, symbols| FileMap {
            path: cartograph_core::RepoPath::new(path).unwrap_or_else(|_| unreachable!()),
            hash: cartograph_core::ContentHash::of(path.as_bytes()),
            language: Language::from_file_name(path.rsplit('/').next().unwrap_or(path)),
            bytes: u64::from(lines) * 30,
            lines,
            tokens: lines * 9,
            flags: Default::default(),
            parsed: cartograph_core::ParsedFile {
                symbols,
                ..Default::default()
            },
        };
        let decode = cartograph_core::Symbol {
            kind: SymbolKind::Function,
            name: "decode".into(),
            line: 10,
            end_line: 20,
            signature: "fn decode()".into(),
            doc: None,
            visibility: None,
            parent: None,
        };
        let reset = cartograph_core::Symbol {
            kind: SymbolKind::Method,
            name: "reset!".into(),
            line: 3,
            end_line: 5,
            signature: "def reset!".into(),
            doc: None,
            visibility: None,
            parent: None,
        };
        let files = vec![
            file("docs/guide.md", 5, vec![]),
            file("src/a.rs", 50, vec![decode]),
            file("lib/base.rb", 9, vec![reset]),
        ];
        Fixture {
            graph: cartograph_graph::Graph::build(&files),
            files,
            summaries: Default::default(),
            texts: Default::default(),
        }
    }

    /// Resolves `body` as the page `index.md` of a docs folder `docs/cartograph`.
    fn resolve(body: &str) -> Resolved {
        let fixture = fixture();
        let index = crate::DocIndex {
            commit: None,
            files: &fixture.files,
            summaries: &fixture.summaries,
            modules: &[],
            graph: &fixture.graph,
            texts: &fixture.texts,
            docs_dir: "docs/cartograph",
            root_name: "repo",
        };
        resolve_body(body, "index.md", &Context::new(&index))
    }

    fn text(body: &str) -> String {
        resolve(body).text
    }

    #[test]
    fn fences_pass_through_at_column_zero() {
        // An indented fence is re-emitted at column 0, its content de-indented by the fence's
        // own indentation as CommonMark does; a longer or indented closing run closes it.
        assert_eq!(
            text("  ```mermaid\n     x\n  <b>\n   ```` \t\nafter <b>\n"),
            "```mermaid\n   x\n<b>\n```\nafter &lt;b>\n"
        );
        // `` ``x`` `` opens no fence (a backtick fence's info string holds no backtick), nor does
        // a fence indented four spaces, which is an indented code block.
        assert_eq!(text("``decode``\n"), "``decode``\n");
        // A line de-indented with its fence could close a fence of the same length at column 0
        // (five spaces become three), so the fence grows.
        assert_eq!(
            text("  ```\n     ```\n<b>\n  ```\n"),
            "````\n   ```\n<b>\n````\n"
        );
        // Lines that do not close the fence stay code: four spaces, a shorter run, text after.
        assert_eq!(
            text("```\n    ```\n``\n``` x\n<b>\n```\n"),
            "```\n    ```\n``\n``` x\n<b>\n```\n"
        );
        // A tilde fence is closed only by tildes.
        assert_eq!(text("~~~\n```\n<b>\n~~~\n"), "~~~\n```\n<b>\n~~~\n");
    }

    /// httpx's `scripts/sync-version` runs `grep … | sed -n 2p`: in a file table's cell, the
    /// pipe would end the cell.
    #[test]
    fn pipes_in_table_code_are_escaped() {
        let table =
            "| file | about |\n|---|---|\n| a | Runs `grep x | sed -n 2p` and ``a`|b``. |\n";
        assert_eq!(
            text(table),
            "| file | about |\n|---|---|\n| a | Runs `grep x \\| sed -n 2p` and ``a`\\|b``. |\n"
        );
        // Escaped already, in prose, in a fence, or in no code span: left alone.
        for same in [
            "| a | `x \\| y` |\n",
            "Runs `a | b`.\n",
            "```\n| `a | b` |\n```\n",
            "| a | b ` c | d |\n",
        ] {
            assert_eq!(super::pipes_escaped_in_table_code(same), same, "{same}");
        }
    }

    #[test]
    fn indented_code_blocks_become_fences() {
        // The line scanner before pulldown-cmark read an indented code block as prose and escaped its `<`, which a
        // renderer then showed as `&lt;` inside the code.
        assert_eq!(
            text("Text:\n\n    <b> `x` [[nope.rs]]\n    ```\n\nafter\n"),
            "Text:\n\n````\n<b> `x` [[nope.rs]]\n```\n````\n\nafter\n"
        );
    }

    #[test]
    fn fences_inside_lists_and_quotes_are_code() {
        // The line scanner before pulldown-cmark only knew fences at the top level: a fence in a list item or a quote
        // was prose, and its `<` was escaped inside what renderers show as code.
        assert_eq!(
            text("- item\n\n  ```html\n  <b>kept</b>\n  ```\n- next\n"),
            "- item\n\n```html\n<b>kept</b>\n```\n- next\n"
        );
        assert_eq!(
            text("> ```\n> <b>\n> ```\n> after <b>\n"),
            ">\n```\n<b>\n```\n> after &lt;b>\n"
        );
        // A fence in a nested list item, its content de-indented past both list markers.
        assert_eq!(
            text("- a\n  - b\n\n    ```rust\n    let x = 1 < 2;\n      <b>\n    ```\n  - c <i>\n"),
            "- a\n  - b\n\n```rust\nlet x = 1 < 2;\n  <b>\n```\n  - c &lt;i>\n"
        );
        assert_eq!(
            text("- ```\n       ```\n  <b>\n  ```\n"),
            "-\n```\n     ```\n<b>\n```\n"
        );
    }

    #[test]
    fn an_unclosed_fence_is_closed_where_commonmark_closes_it() {
        assert_eq!(text("```rust\nfn x() {}"), "```rust\nfn x() {}\n```\n");
        // Inside a quote the fence ends with the quote.
        assert_eq!(
            text("> ```\n> <b>\n\n<i>\n"),
            ">\n```\n<b>\n```\n\n&lt;i>\n"
        );
    }

    #[test]
    fn reference_definitions() {
        assert_eq!(text("[x]: javascript:alert(1)\n"), "");
        assert_eq!(text("a\n\n  [x]: javascript:alert(1)\nb\n"), "a\n\nb\n");
        assert_eq!(
            text("[x]: https://example.com \"title\"\n"),
            "[x]: https://example.com\n"
        );
        // A definition whose title is on its own line is still one definition.
        assert_eq!(
            text("[x]: https://example.com\n  'title'\n"),
            "[x]: https://example.com\n"
        );
        assert_eq!(text("[in page]: #usage\n"), "[in page]: #usage\n");
        assert_eq!(text("[x]: ../../src/a.rs\n"), "");
        // A fancy label is prose, made safe like any other.
        assert_eq!(text("[<b>]: https://x\n"), "\\[&lt;b>\\]: https://x\n");
        // A line that only looks like a definition inside a paragraph is prose.
        assert_eq!(
            text("Text\n[x]: javascript:alert(1)\n"),
            "Text\n\\[x\\]: javascript:alert(1)\n"
        );
        assert_eq!(
            text("[[src/a.rs]] text\n"),
            "[src/a.rs](../../src/a.rs) text\n"
        );
    }

    /// sinatra's `reset!` lost its backticks in a method list: only `reset` was looked up.
    #[test]
    fn a_name_ending_in_a_bang_is_known_as_written() {
        let resolved = resolve("Call `reset!`, `decode!` or `frob!`.\n");
        assert_eq!(resolved.text, "Call `reset!`, `decode!` or frob!.\n");
        assert_eq!(resolved.names_unformatted, 1);
    }

    #[test]
    fn code_spans_across_a_line_break_are_checked() {
        // The line scanner before pulldown-cmark paired backticks within one line only, so it escaped both halves of
        // a span broken across lines and never checked the name inside.
        let resolved = resolve("Call `\nfrobnicate\n` or `decode\n` here.\n");
        assert_eq!(resolved.text, "Call frobnicate or `decode ` here.\n");
        assert_eq!(resolved.names_unformatted, 1);
        let resolved = resolve("See `fro\nbnicate`.\n");
        assert_eq!(resolved.text, "See `fro bnicate`.\n");
        let resolved = resolve("See `src/a.rs:12-\n14` and `x\n<b>`.\n");
        assert_eq!(resolved.text, "See `src/a.rs:12- 14` and `x <b>`.\n");
    }

    #[test]
    fn links_whose_text_holds_brackets_or_code() {
        // The line scanner before pulldown-cmark could not match the brackets of `[see [x] `]`](…)`.
        assert_eq!(
            text("[see [x] `]` here](src/a.rs#L12) and [`decode`](#usage)\n"),
            "[see \\[x\\] `]` here](../../src/a.rs#L12) and [`decode`](#usage)\n"
        );
        // A link whose text runs over two lines of a quote.
        assert_eq!(
            text("> [the\n> decoder](src/a.rs#decode)\n"),
            "> [the\n> decoder](../../src/a.rs#L10-L20)\n"
        );
        // Escaped brackets are text, and a destination is read as a renderer reads it.
        assert_eq!(
            text("\\[x\\](src/a.rs) [y](java&#115;cript:alert(1))\n"),
            "\\[x\\](src/a.rs) y\n"
        );
    }

    #[test]
    fn citations_hold_islands_in_their_labels() {
        let resolved = resolve("See [[src/a.rs#decode|the `decode` <b>x</b> fn]].\n");
        assert_eq!(
            resolved.text,
            "See [the `decode` &lt;b>x&lt;/b> fn](../../src/a.rs#L10-L20).\n"
        );
        // `]]` inside a code span closes nothing.
        let resolved = resolve("[[src/a.rs|a `]]` b]] c\n");
        assert_eq!(resolved.text, "[a `]]` b](../../src/a.rs) c\n");
        // Nor does `[[` inside one open a citation (blinker's `-> c.Callable[[F], F]`).
        let resolved = resolve("[[src/a.rs#decode|`f() -> c.Callable[[F], F]`]] c\n");
        assert_eq!(
            resolved.text,
            "[`f() -> c.Callable[[F], F]`](../../src/a.rs#L10-L20) c\n"
        );
        // A citation opened inside another leaves the outer one text.
        assert_eq!(
            text("[[src/a.rs|x [[src/a.rs]] y\n"),
            "\\[\\[src/a.rs|x [src/a.rs](../../src/a.rs) y\n"
        );
        let resolved = resolve("`decode` (see\n[[src/a.rs:1-2]])\n");
        // A citation on the next line is not beside the symbol.
        assert_eq!(resolved.citations_corrected, 0, "{}", resolved.text);
    }

    #[test]
    fn raw_html_is_read_where_commonmark_reads_it() {
        // A script element is dropped up to its closing tag, across lines and blocks.
        assert_eq!(
            text("a <SCRIPT\nsrc=x>steal()\n\nmore</script> b\n"),
            "a  b\n"
        );
        assert_eq!(text("<style>\nx\n</style>after\n"), "after\n");
        assert_eq!(text("a </script> b\n"), "a  b\n");
        // `<script` with no tag end is text to CommonMark; in a paragraph it is shown, escaped.
        assert_eq!(text("x <script\n"), "x &lt;script\n");
        // At the start of a line it opens an HTML block that nothing closes: all of it goes.
        assert_eq!(text("x\n<script\nsteal()\n"), "x\n");
        assert_eq!(
            text("<div>\n`x` <b>\n</div>\n"),
            "&lt;div>\n\\`x\\` &lt;b>\n&lt;/div>\n"
        );
        // Raw HTML made text is Markdown again: a tilde run at the start of one of its lines
        // must not open a fence that would swallow the real code after it.
        assert_eq!(
            text("<div>\n~~~ x\n\n```\n<b>\n~~~\n```\n"),
            "&lt;div>\n\\~~~ x\n\n```\n<b>\n~~~\n```\n"
        );
        assert_eq!(
            text("<https://x.y> <a@b.c> <mailto:a@b.c> <https://x\"y>\n"),
            "<https://x.y> &lt;a@b.c> <mailto:a@b.c> &lt;https://x\"y>\n"
        );
    }

    #[test]
    fn odd_markdown_never_panics() {
        let pieces = [
            "[",
            "]",
            "[[",
            "]]",
            "(",
            ")",
            "`",
            "``",
            "```",
            "~~~",
            "<",
            ">",
            "<script",
            "</",
            "<!--",
            "\\",
            "\n",
            "\n\n",
            "    ",
            "- ",
            "> ",
            "1. ",
            "[a]: ",
            "https://x",
            "|",
            "src/a.rs:3",
            "#L1",
            "é",
            "🦀",
            "![",
            "](",
            "&",
            "*",
            "_",
            "<https://a",
            "\t",
            ":",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..4_000 {
            let mut body = String::new();
            for _ in 0..(state % 30) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                body.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            state = state.wrapping_add(0x2545_f491_4f6c_dd1d);
            let resolved = resolve(&body);
            assert!(
                resolved.text.is_empty() || resolved.text.ends_with('\n'),
                "{body:?}"
            );
        }
        for body in [
            "`", "[", "[[", "]](", "<script", "```", "    ```", "\\", "<", "[x]: ",
        ] {
            let _ = resolve(body);
        }
    }
}
