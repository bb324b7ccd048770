//! Makes a page body safe and true before it is written: citations (`[[path]]`,
//! `[[path#Symbol]]`, `[[path:12-40]]`, plain `path:12-40`, relative Markdown links) become links
//! to the lines that exist now, or are removed; backticked names that name nothing in the index
//! lose their code formatting; raw HTML is escaped and script-like elements dropped. Fenced code
//! blocks (mermaid included) pass through untouched. It does not judge prose.

use crate::context::Context;
use crate::paths::{decode_link, dir_components, join_normalised, link_between, link_to_source};
use cartograph_core::{FileMap, Language, SymbolKind};

/// Files of the docs folder that pages may link to besides the pages themselves.
const DOCS_FILES: &[&str] = &["SUMMARY.md", "index.json", "llms.txt"];

/// Elements dropped with their content: showing a script's source in the docs helps no one.
const DROPPED_ELEMENTS: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "xmp",
    "svg", "math", "applet", "frameset",
];

/// Backticked words that are plainly code without naming anything in the repository.
const CODE_WORDS: &[&str] = &[
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
    /// The closing tag still awaited after a dropped element opened on an earlier line.
    dropping: Option<String>,
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
        dropping: None,
    };
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    let mut fence: Option<Fence> = None;
    for line in strip_front_matter(&body).lines() {
        if let Some(open) = fence {
            let line = open.dedent(line);
            out.push_str(line);
            out.push('\n');
            if open.closed_by(line) {
                fence = None;
            }
            continue;
        }
        let line = match resolver.dropping.take() {
            Some(tag) => match find_ascii_ci(line, &format!("</{tag}")) {
                Some(at) => match line[at..].find('>') {
                    Some(end) => &line[at + end + 1..],
                    None => continue,
                },
                None => {
                    resolver.dropping = Some(tag);
                    continue;
                }
            },
            None => line,
        };
        if let Some(opened) = opening_fence(line) {
            fence = Some(opened);
            out.push_str(opened.dedent(line));
            out.push('\n');
            continue;
        }
        match reference_definition(line) {
            Definition::Keep(definition) => {
                out.push_str(&definition);
                out.push('\n');
                continue;
            }
            Definition::Drop => continue,
            Definition::Prose => {}
        }
        let processed = resolver.inline(line, true);
        out.push_str(&processed);
        out.push('\n');
    }
    Resolved {
        text: out,
        citations_removed: resolver.citations_removed,
        citations_corrected: resolver.citations_corrected,
        names_unformatted: resolver.names_unformatted,
    }
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

/// A fence opening line (CommonMark: at most three spaces, then three or more backticks or
/// tildes; a backtick fence's info string holds no backtick).
fn opening_fence(line: &str) -> Option<Fence> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    if indent > 3 {
        return None;
    }
    let fence_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = trimmed.chars().take_while(|c| *c == fence_char).count();
    if length < 3 {
        return None;
    }
    if fence_char == '`' && trimmed[length..].contains('`') {
        return None;
    }
    Some(Fence {
        fence_char,
        length,
        indent,
    })
}

/// An open code fence. Render re-emits every fence at column 0 (content de-indented the way
/// CommonMark de-indents it), so a fence met inside a list item or quote becomes a top-level
/// one, and where code starts and ends reads the same to this scanner and to any renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fence {
    fence_char: char,
    length: usize,
    indent: usize,
}

impl Fence {
    /// CommonMark's closing rule, exactly: at most three spaces, a run of the fence character
    /// at least as long, then only spaces or tabs.
    fn closed_by(&self, line: &str) -> bool {
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() > 3 {
            return false;
        }
        let run = trimmed
            .chars()
            .take_while(|c| *c == self.fence_char)
            .count();
        run >= self.length
            && trimmed[run * self.fence_char.len_utf8()..]
                .chars()
                .all(|c| c == ' ' || c == '\t')
    }

    /// A line inside the fence without the fence's own indentation.
    fn dedent<'l>(&self, line: &'l str) -> &'l str {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        &line[spaces.min(self.indent)..]
    }
}

/// What to do with a line shaped like a reference definition.
enum Definition {
    /// A plain, safe definition, rebuilt without its title.
    Keep(String),
    /// A definition pointing somewhere unsafe or unknown.
    Drop,
    /// Not a definition (or not plainly one): process it as prose.
    Prose,
}

/// `[label]: destination` at the start of a line. Only plain labels and web or in-page
/// destinations are kept; anything fancier is prose, which the scanner makes safe.
fn reference_definition(line: &str) -> Definition {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 || !trimmed.starts_with('[') || trimmed.starts_with("[[") {
        return Definition::Prose;
    }
    let Some(close) = trimmed.find("]:") else {
        return Definition::Prose;
    };
    let label = &trimmed[1..close];
    let plain_label = !label.is_empty()
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
    if !plain_label {
        return Definition::Prose;
    }
    let mut rest = trimmed[close + 2..].split_whitespace();
    let destination = rest.next().unwrap_or_default();
    let plain_destination = encode_destination(destination) == destination;
    if plain_destination && (destination.starts_with('#') || is_web_link(destination)) {
        Definition::Keep(format!("[{label}]: {destination}"))
    } else {
        Definition::Drop
    }
}

fn is_web_link(destination: &str) -> bool {
    let lower = destination.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
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

/// The closing `]` of a link text starting at `open` (a `[`), honouring nesting and escapes.
fn matching_bracket(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = open;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 1,
            b'`' => {
                // Brackets inside a code span do not count.
                let run = bytes[at..].iter().take_while(|b| **b == b'`').count();
                let close = find_backtick_run(bytes, at + run, run)?;
                at = close + run - 1;
            }
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
        at += 1;
    }
    None
}

/// The start of the next run of exactly `run` backticks at or after `from`.
fn find_backtick_run(bytes: &[u8], from: usize, run: usize) -> Option<usize> {
    let mut at = from;
    while at < bytes.len() {
        if bytes[at] == b'`' {
            let length = bytes[at..].iter().take_while(|b| **b == b'`').count();
            if length == run {
                return Some(at);
            }
            at += length;
        } else {
            at += 1;
        }
    }
    None
}

/// The `)` closing a link destination that starts after `open` (a `(`), with balanced parens.
fn matching_paren(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (at, byte) in bytes.iter().enumerate().skip(open) {
        match byte {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            b'\n' => return None,
            _ => {}
        }
    }
    None
}

/// Bytes that end a plain run of text: everything the scanner must look at.
fn is_special(byte: u8) -> bool {
    matches!(byte, b'\\' | b'`' | b'[' | b']' | b'!' | b'<')
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
        Some(parent) => symbols
            .iter()
            .filter(|symbol| {
                symbol.name == short
                    && symbol.parent.as_deref().is_some_and(|p| {
                        p == parent
                            || p.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                                .any(|word| word == parent)
                    })
            })
            .min_by_key(by_line),
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
    /// Processes one line of prose. `links` is false inside a link's text, where neither links
    /// nor citations may nest.
    fn inline(&mut self, line: &str, links: bool) -> String {
        let bytes = line.as_bytes();
        let mut out = String::with_capacity(line.len());
        // The last backticked symbol name and where it ended in `out`.
        let mut last_symbol: Option<(String, usize)> = None;
        let mut at = 0;
        while at < bytes.len() {
            let byte = bytes[at];
            if byte == b'\\' && bytes.get(at + 1).is_some_and(|b| b.is_ascii_punctuation()) {
                out.push_str(&line[at..at + 2]);
                at += 2;
                continue;
            }
            if byte == b'`' {
                let run = bytes[at..].iter().take_while(|b| **b == b'`').count();
                match find_backtick_run(bytes, at + run, run) {
                    Some(close) => {
                        let content = &line[at + run..close];
                        let whole = &line[at..close + run];
                        self.beside = beside(&out, &last_symbol);
                        let rendered = self.code_span(whole, content, links);
                        self.beside = None;
                        push_piece(&mut out, &rendered);
                        if rendered == whole {
                            last_symbol = self.symbol_name(content).map(|name| (name, out.len()));
                        }
                        at = close + run;
                    }
                    None => {
                        // An unpaired run is escaped, so no renderer can pair it with a run on
                        // a later line and read what lies between as code.
                        out.push_str(&"\\`".repeat(run));
                        at += run;
                    }
                }
                continue;
            }
            if byte == b'[' && links && bytes.get(at + 1) == Some(&b'[') {
                if let Some(end) = line[at + 2..].find("]]") {
                    let inner = &line[at + 2..at + 2 + end];
                    if !inner.contains("[[") {
                        self.beside = beside(&out, &last_symbol);
                        let rendered = self.citation(inner);
                        self.beside = None;
                        push_collapsing(&mut out, &rendered, bytes.get(at + 4 + end));
                        at += 4 + end;
                        continue;
                    }
                }
            }
            if byte == b'!' && bytes.get(at + 1) == Some(&b'[') {
                // Images from a body are dropped (they can load anything); the alt text stays.
                if let Some((text, _, end)) = parse_link(line, at + 1) {
                    let alt = self.inline(text, false);
                    push_piece(&mut out, &alt);
                    at = end;
                    continue;
                }
            }
            if byte == b'[' && links {
                if let Some((text, destination, end)) = parse_link(line, at) {
                    let rendered = self.link(text, destination);
                    push_piece(&mut out, &rendered);
                    at = end;
                    continue;
                }
            }
            if byte == b'<' {
                at = self.angle(line, at, &mut out);
                continue;
            }
            if byte == b'[' || byte == b']' {
                // A bracket this scanner did not read as a link or citation is escaped, so no
                // renderer can build a link from it with brackets on other lines or with text
                // that removing a citation brought next to it. `\[` reads as `[`.
                out.push('\\');
                out.push(byte as char);
                at += 1;
                continue;
            }
            let at_word_start = at == 0 || starts_word_after(bytes[at - 1]);
            if at_word_start && (byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'/'))
            {
                let end = (at..bytes.len())
                    .find(|&i| ends_word(bytes[i]))
                    .unwrap_or(bytes.len());
                let word = &line[at..end];
                let candidate = word.trim_end_matches(['.', ':', '?']);
                if links {
                    self.beside = beside(&out, &last_symbol);
                    let rendered = self.plain_citation(candidate, false);
                    self.beside = None;
                    if let Some(rendered) = rendered {
                        push_collapsing(&mut out, &rendered, bytes.get(at + candidate.len()));
                        at += candidate.len();
                        continue;
                    }
                }
                out.push_str(word);
                at = end;
                continue;
            }
            let end = (at + 1..bytes.len())
                .find(|&i| is_special(bytes[i]) || starts_word_after(bytes[i - 1]))
                .unwrap_or(bytes.len());
            out.push_str(&line[at..end]);
            at = end;
        }
        // Text that lands inside other markup (a label, an alt text) must not end in a lone
        // backslash, which would escape whatever comes after it.
        let trailing = out.len() - out.trim_end_matches('\\').len();
        if !links && trailing % 2 == 1 {
            out.push('\\');
        }
        out
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
        let text = text.strip_suffix("()").unwrap_or(text);
        let text = text.strip_suffix('!').unwrap_or(text);
        if CODE_WORDS.contains(&text)
            || DOCS_FILES.contains(&text)
            || context.pages.contains(text)
            || context.symbol_names.contains(text)
            || context.package_names.contains(text)
        {
            return true;
        }
        let as_path = text.trim_start_matches("./").trim_end_matches('/');
        if context.find_file(as_path).is_some()
            || context.dirs.contains(as_path)
            || context.stems.contains(as_path)
            || context
                .dirs
                .iter()
                .any(|dir| dir.ends_with(&format!("/{as_path}")))
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

    /// `[[target]]` or `[[target|label]]`.
    fn citation(&mut self, inner: &str) -> String {
        let (target, label) = match inner.split_once('|') {
            Some((target, label)) => (target.trim(), Some(label.trim())),
            None => (inner.trim(), None),
        };
        match self.resolve_target(target) {
            Some((file, lines, shown)) => {
                let text = match label {
                    Some(label) if !label.is_empty() => self.inline(label, false),
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
                    .map(|label| self.inline(label, false))
                    .unwrap_or_default()
            }
        }
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

    /// A Markdown link `[text](destination)`.
    fn link(&mut self, text: &str, destination: &str) -> String {
        let destination = destination.trim();
        let destination = destination.split_whitespace().next().unwrap_or_default();
        let destination = destination.trim_start_matches('<').trim_end_matches('>');
        let shown = self.inline(text, false);
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

    /// Handles a `<` at `at`: keeps web autolinks, drops script-like elements, escapes the
    /// rest. Returns where scanning resumes.
    fn angle(&mut self, line: &str, at: usize, out: &mut String) -> usize {
        let rest = &line[at + 1..];
        if let Some(end) = rest.find('>') {
            let inside = &rest[..end];
            // Only plain web autolinks stay; one holding quotes, brackets or backticks is escaped
            // like any other `<` rather than trusted to parse the same everywhere.
            if is_web_link(inside) && encode_destination(inside) == inside {
                out.push_str(&line[at..at + end + 2]);
                return at + end + 2;
            }
        }
        // Every other `<` becomes `&lt;`, which reads the same: even one that starts no tag
        // now could start one once a neighbouring code span loses its backticks.
        let Some(next) = rest.chars().next() else {
            out.push_str("&lt;");
            return at + 1;
        };
        if !(next.is_ascii_alphabetic() || matches!(next, '/' | '!' | '?')) {
            out.push_str("&lt;");
            return at + 1;
        }
        let closing = next == '/';
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if DROPPED_ELEMENTS.contains(&name.as_str()) {
            let tag_end = rest.find('>').map(|end| at + 1 + end + 1);
            if closing {
                return tag_end.unwrap_or(line.len());
            }
            let Some(tag_end) = tag_end else {
                self.dropping = Some(name);
                return line.len();
            };
            return match find_ascii_ci(&line[tag_end..], &format!("</{name}")) {
                Some(close) => {
                    let close = tag_end + close;
                    line[close..]
                        .find('>')
                        .map_or(line.len(), |end| close + end + 1)
                }
                None => {
                    self.dropping = Some(name);
                    line.len()
                }
            };
        }
        out.push_str("&lt;");
        at + 1
    }
}

/// A destination copied from a body, percent-encoded wherever a character could end the link
/// early or be read as markup (quotes, brackets, parentheses, backticks, angle brackets).
fn encode_destination(destination: &str) -> String {
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

/// Appends a rendered citation; when it rendered to nothing, avoids leaving two spaces behind.
/// The symbol named just before the end of `out`, when only a short connective (spaces,
/// `(`, `:`, a dash, `at`, `in`, `see`) stands between it and what comes next.
fn beside(out: &str, last_symbol: &Option<(String, usize)>) -> Option<String> {
    let (name, end) = last_symbol.as_ref()?;
    let gap = out.get(*end..)?;
    let gap = gap.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '(' | ':' | ',' | '—' | '–' | '-')
    });
    matches!(gap, "" | "at" | "in" | "see").then(|| name.clone())
}

/// Appends a rendered piece. Removing something between two code spans must not merge their
/// backticks into one longer run, which would pair differently, so a space keeps them apart.
fn push_piece(out: &mut String, rendered: &str) {
    if out.ends_with('`') && rendered.starts_with('`') {
        out.push(' ');
    }
    out.push_str(rendered);
}

fn push_collapsing(out: &mut String, rendered: &str, next: Option<&u8>) {
    if rendered.is_empty()
        && out.ends_with(' ')
        && next.is_some_and(|b| *b == b' ' || b.is_ascii_punctuation())
    {
        out.pop();
    }
    push_piece(out, rendered);
}

/// `[text](destination)` starting at `open`: (text, destination, index after the `)`).
fn parse_link(line: &str, open: usize) -> Option<(&str, &str, usize)> {
    let bytes = line.as_bytes();
    let close = matching_bracket(bytes, open)?;
    if bytes.get(close + 1) != Some(&b'(') {
        return None;
    }
    let end = matching_paren(bytes, close + 1)?;
    Some((&line[open + 1..close], &line[close + 2..end], end + 1))
}

/// Whether a code span's content is a name or path to check against the index. Expressions,
/// commands, flags, numbers and globs are code as they stand.
fn is_checkable(text: &str) -> bool {
    let text = text.strip_suffix("()").unwrap_or(text);
    let Some(first) = text.chars().next() else {
        return false;
    };
    let versionish = first == 'v' && text[1..].starts_with(|c: char| c.is_ascii_digit());
    (first.is_ascii_alphabetic() || matches!(first, '_' | '$' | '.' | '/'))
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
        assert!(!is_checkable("foo(x)"));
        assert!(!is_checkable("cargo test"));
        assert!(!is_checkable("--json"));
        assert!(!is_checkable("42"));
        assert!(!is_checkable("v1.2"));
        assert!(!is_checkable("*.rs"));
    }

    #[test]
    fn fences_and_definitions() {
        let fence = opening_fence("  ```mermaid").unwrap_or_else(|| unreachable!());
        assert_eq!((fence.fence_char, fence.length, fence.indent), ('`', 3, 2));
        assert_eq!(opening_fence("``x``"), None);
        assert_eq!(opening_fence("    ```"), None);
        assert!(fence.closed_by("````"));
        assert!(fence.closed_by("   ``` \t"));
        assert!(!fence.closed_by("    ```"));
        assert!(!fence.closed_by("``"));
        assert!(!fence.closed_by("``` x"));
        assert_eq!(fence.dedent("     x"), "   x");
        assert!(matches!(
            reference_definition("[x]: javascript:alert(1)"),
            Definition::Drop
        ));
        assert!(matches!(
            reference_definition("[x]: https://example.com \"title\""),
            Definition::Keep(kept) if kept == "[x]: https://example.com"
        ));
        assert!(matches!(
            reference_definition("[[a.rs]] text"),
            Definition::Prose
        ));
        assert!(matches!(
            reference_definition("[<b>]: https://x"),
            Definition::Prose
        ));
    }
}
