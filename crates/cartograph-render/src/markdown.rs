//! Small Markdown helpers for the structural pages: code spans that survive any content, text
//! escaped for prose and table cells, and the first paragraph or line of a README or doc.

use cartograph_core::RepoPath;
use std::collections::{BTreeMap, BTreeSet};

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
    let mut in_code = false;
    // Inside a bare URL, which Markdown links as it is written (p-queue's
    // "https://en.cppreference.com/w/cpp/algorithm/lower_bound" was broken by `\_`).
    let mut in_url = false;
    let chars: Vec<char> = flat.chars().collect();
    for (at, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            in_url = false;
        } else if !in_code && (at == 0 || chars[at - 1].is_whitespace() || chars[at - 1] == '(') {
            let rest: String = chars[at..chars.len().min(at + 8)].iter().collect();
            in_url = rest.starts_with("https://") || rest.starts_with("http://");
        }
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '_' | '*' if in_url => out.push(c),
            // A docstring's `__rich_console__` or `*args` is no emphasis.
            '_' | '*' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            // A code span shows `<` as it is (markupsafe's "``&``, ``<``, ``>``"), and a
            // backslash: echo's "remove `\n`" was shown as `\\n`.
            '<' | '\\' if in_code => out.push(c),
            // Nor does it need its brackets escaped: more-itertools' ``list(…)[index]`` was
            // shown as `list(…)\[index\]`.
            '[' | ']' if in_code => out.push(c),
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

/// The section titles of numpydoc docstrings.
const NUMPYDOC_SECTIONS: &[&str] = &[
    "Parameters",
    "Other Parameters",
    "Returns",
    "Yields",
    "Receives",
    "Raises",
    "Warns",
    "See Also",
    "Notes",
    "References",
    "Examples",
    "Attributes",
    "Methods",
];

/// A line that opens a block tag of a doc comment: `@param {Number} x`, `@returns`, `@see`.
fn is_block_tag(line: &str) -> bool {
    line.strip_prefix('@').is_some_and(|rest| {
        let word = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        word > 0
            && rest.starts_with(|c: char| c.is_ascii_lowercase())
            && rest[word..].chars().next().is_none_or(char::is_whitespace)
    })
}

/// Block tags whose text is the description itself (YARD's `@abstract`, JSDoc's `@description`
/// and `@summary`); `@deprecated` is said in words.
const PROSE_TAGS: &[&str] = &["@abstract", "@description", "@summary", "@note"];

/// Block tags of JSDoc, Javadoc, PHPDoc and YARD whose text is no description of the thing:
/// a doc that opens with one has no prose (guzzle's `Client`: `@final`; fastify's `fastify`:
/// `@param {…} serverOptions`).
const FIELD_TAGS: &[&str] = &[
    // PHPUnit's (monolog's `AmqpHandlerTest`: `@covers Monolog\Handler\RotatingFileHandler`).
    "covers",
    "coversDefaultClass",
    "coversNothing",
    "dataProvider",
    "depends",
    "group",
    "requires",
    "runInSeparateProcess",
    // flysystem's stubs open on `@codeCoverageIgnore`; league/csv's casts on `@implements
    // TypeCasting<?int>`.
    "codeCoverageIgnore",
    "codeCoverageIgnoreStart",
    "implements",
    "extends",
    "psalm-immutable",
    "phpstan-type",
    "psalm-type",
    "access",
    "api",
    "async",
    "author",
    "callback",
    "category",
    "class",
    "constant",
    "constructor",
    "copyright",
    "default",
    "emits",
    "example",
    "exception",
    "final",
    "fires",
    "function",
    "generator",
    "global",
    "ignore",
    "inheritdoc",
    "inner",
    "instance",
    "internal",
    "license",
    "listens",
    "memberof",
    "method",
    "mixes",
    "module",
    "name",
    "namespace",
    "option",
    "override",
    "package",
    "param",
    "phpstan-param",
    "phpstan-return",
    "private",
    "property",
    "property-read",
    "property-write",
    "protected",
    "psalm-param",
    "psalm-return",
    "public",
    "raise",
    "readonly",
    "return",
    "returns",
    "see",
    "serial",
    "since",
    "static",
    "template",
    "this",
    "throws",
    "todo",
    "type",
    "typedef",
    "uses",
    "var",
    "version",
    "yield",
    "yields",
    "yieldparam",
    "yieldreturn",
];

/// True for a line that opens with one of `FIELD_TAGS`.
fn is_field_tag(line: &str) -> bool {
    line.strip_prefix('@').is_some_and(|rest| {
        let tag = rest
            .split(|c: char| c.is_whitespace() || c == '{')
            .next()
            .unwrap_or_default();
        FIELD_TAGS.contains(&tag)
            // Static analysers' own tags (`@phpstan-import-type`, `@psalm-suppress`,
            // `@phan-var`), which describe types and never the thing (FastRoute's `Matched`).
            || ["phpstan-", "psalm-", "phan-"]
                .iter()
                .any(|analyser| tag.len() > analyser.len() && tag.starts_with(analyser))
    })
}

/// A numpydoc section's title, with or without a remark after it (tqdm's "Parameters (internal
/// use only)").
fn is_numpydoc_section(line: &str) -> bool {
    NUMPYDOC_SECTIONS.iter().any(|section| {
        line.strip_prefix(section)
            .is_some_and(|rest| rest.is_empty() || rest.trim_start().starts_with('('))
    })
}

/// The first sentence of a doc comment's first paragraph (wrapped lines joined), at most
/// `max_chars` characters, cut at a word boundary; opening examples and licence notices are
/// passed over.
/// A line of RDoc's labeled list: `Label::` followed by its value.
fn is_rdoc_label_line(line: &str) -> bool {
    line.split_once(":: ").is_some_and(|(label, value)| {
        !label.is_empty()
            && !label.contains("::")
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
            && !value.trim().is_empty()
    })
}

/// A reStructuredText directive or comment line: `.. testsetup::`, `.. note::`, `.. _label:`.
fn is_rst_directive(line: &str) -> bool {
    line.trim_start()
        .strip_prefix(".. ")
        .is_some_and(|rest| rest.contains("::") || rest.starts_with('_') || rest.starts_with('|'))
}

/// `text` without its reStructuredText directives and their indented bodies: packaging's
/// `version.py` docstring is only a `.. testsetup::` of imports for its doctests, which says
/// nothing of the module.
fn without_rst_directives(text: &str) -> String {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut kept = Vec::new();
    let mut inside: Option<usize> = None;
    for line in text.lines() {
        if let Some(at) = inside {
            if line.trim().is_empty() || indent(line) > at {
                continue;
            }
            inside = None;
        }
        if is_rst_directive(line) {
            inside = Some(indent(line));
            continue;
        }
        kept.push(line);
    }
    kept.join("\n")
}

pub fn first_line(text: &str, max_chars: usize) -> Option<String> {
    let without_directives;
    let text = if text.lines().any(is_rst_directive) {
        without_directives = without_rst_directives(text);
        without_directives.as_str()
    } else {
        text
    };
    let mut lines = text.lines().map(str::trim).peekable();
    // A docstring may open with an example (`url = httpx.URL("...")`): the first paragraph of
    // prose says what the thing is.
    let mut in_licence = false;
    let mut title: Option<&str> = None;
    let paragraph: Vec<&str> = loop {
        while lines.next_if(|line| line.is_empty()).is_some() {}
        let mut paragraph: Vec<&str> = lines.by_ref().take_while(|line| !line.is_empty()).collect();
        // A title over an underline (`Requests HTTP Library` / `~~~~`, reStructuredText or
        // Markdown's setext) names the thing; the prose after it says what it is.
        if paragraph.len() >= 2 && is_underline(paragraph[1]) {
            // A numpydoc section (tqdm's `main`: "Parameters" / "----------" / "fp : file-like
            // object") lists fields: a docstring that opens with one says nothing of its own.
            if is_numpydoc_section(paragraph[0]) {
                break Vec::new();
            }
            title.get_or_insert(paragraph[0]);
            paragraph.drain(..2);
            if paragraph.is_empty() {
                continue;
            }
        }
        // So does a heading (serde_json's `//! # Serde JSON`); the paragraph after it says
        // what the thing does.
        // RDoc writes its headings with `=` (sinatra-contrib's `= Sinatra::Capture`).
        if let [line] = paragraph[..] {
            let text = line.trim_start_matches(if line.starts_with('=') { '=' } else { '#' });
            if text.len() < line.len() && text.starts_with(' ') && !text.trim().is_empty() {
                title.get_or_insert(text.trim());
                continue;
            }
        }
        if paragraph.is_empty() {
            if let Some(title) = title {
                break vec![title];
            }
        }
        match paragraph.first() {
            None => break paragraph,
            // A doc that opens with its block tags (guzzle's `Client`: only `@final`; fastify's
            // `@param {…} serverOptions`) has no prose: what follows a tag is the tag's.
            Some(first) if is_field_tag(first) => break Vec::new(),
            Some(first) if is_code_line(first) => continue,
            // RDoc's labeled list (rack-protection's "Prevented attack::   CSRF" /
            // "Supported browsers:: all") lists facts; the paragraph after it says what the
            // class does.
            Some(_) if paragraph.iter().all(|line| is_rdoc_label_line(line)) => continue,
            // A licence header says nothing of what the file does (uvicorn's `_types.py`
            // opens with Django's copyright notice and the BSD clauses).
            Some(_) if is_licence_notice(&paragraph) => in_licence = true,
            Some(_) if in_licence && continues_licence(&paragraph) => continue,
            Some(_) => break paragraph,
        }
    };
    // A header of fields (DefinitelyTyped's "Type definitions for commander" / "Original
    // definitions by: …", "Project: …") ends its first line's statement there.
    let paragraph = match paragraph
        .iter()
        .skip(1)
        .position(|line| is_field_line(line))
    {
        Some(at) if !paragraph[0].ends_with(['.', ':', ',', ';']) => &paragraph[..=at],
        _ => &paragraph[..],
    };
    // A list in the paragraph (chalk's "Levels:" over "- `0` - All colors disabled.") is not
    // its first sentence: the sentence ends where the list begins.
    let paragraph = match paragraph.iter().skip(1).position(|line| is_list_item(line)) {
        Some(at) => &paragraph[..=at],
        None => paragraph,
    };
    // Nor are the block tags under it (axios's "Throttle decorator" over `@param {Function}
    // fn`, with no blank line between): JSDoc, Javadoc, YARD and PHPDoc start each on a line.
    let paragraph = match paragraph.iter().skip(1).position(|line| is_block_tag(line)) {
        Some(at) => &paragraph[..=at],
        None => paragraph,
    };
    let joined = paragraph.join(" ");
    let joined = without_html_tags(&without_javadoc_tags(&without_rst_markup(&without_links(
        without_comment_leader(&joined),
    ))));
    // A tag that introduces prose (YARD's `@abstract Exceptions raised by HTTParty …`, JSDoc's
    // `@description` and `@summary`) is not part of it.
    let joined = PROSE_TAGS
        .iter()
        .find_map(|tag| joined.strip_prefix(tag)?.strip_prefix(' '))
        .unwrap_or(joined.as_str())
        .trim_start();
    // A deprecation (chalk's `@deprecated Use `ModifierName` instead.`) is said in words.
    let deprecated;
    let joined = match joined.strip_prefix("@deprecated") {
        Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => {
            deprecated = match rest.trim() {
                "" => "Deprecated.".to_string(),
                rest => format!("Deprecated: {rest}"),
            };
            deprecated.as_str()
        }
        _ => joined,
    };
    let sentence = match sentence_end(joined) {
        Some(at) => &joined[..=at],
        None => joined,
    };
    // A paragraph that introduces a list ("Our exception hierarchy:") ends as a sentence; one
    // that only points at what follows (httpx's `URL`: "The components of a URL are broken
    // down like this:", over a diagram) says nothing without it.
    let closed;
    let sentence = match sentence.trim_end().strip_suffix(':') {
        Some(intro) if points_ahead(intro) => return None,
        Some(intro) if !intro.is_empty() => {
            closed = format!("{intro}.");
            closed.as_str()
        }
        _ => sentence,
    };
    let mut short = shorten(sentence, max_chars);
    // A backtick left open (commander's "using `.addCommand()." ) would run into whatever the
    // page writes next as code: it goes.
    if short.matches('`').count() % 2 == 1 {
        if let Some(at) = short.rfind('`') {
            short.remove(at);
        }
    }
    (!short.is_empty()).then_some(short)
}

/// True for the end of a lead-in that points at what follows it: "... like this", "... as
/// follows", "for example".
fn points_ahead(intro: &str) -> bool {
    let lower = intro.trim_end().to_lowercase();
    [
        "like this",
        "like so",
        "as follows",
        "the following",
        "for example",
        "for instance",
        "e.g.",
        "below",
        "such as",
    ]
    .iter()
    .any(|end| lower.ends_with(end))
        // An introduction cut off mid-sentence: uvicorn's "A custom log formatter class
        // that:", FastRoute's "… of the following form:".
        || lower.contains(" following ")
        || lower.split_whitespace().last().is_some_and(|word| {
            matches!(
                word,
                "that"
                    | "which"
                    | "who"
                    | "whose"
                    | "to"
                    | "the"
                    | "a"
                    | "an"
                    | "of"
                    | "for"
                    | "with"
                    | "as"
                    | "by"
                    | "in"
                    | "on"
                    | "and"
                    | "or"
                    | "is"
                    | "are"
                    | "be"
                    | "will"
                    | "can"
                    | "should"
                    | "must"
                    | "these"
                    | "this"
                    | "from"
                    | "into"
                    | "via"
            )
        })
}

/// `text` with Javadoc's inline tags made Markdown: `{@link org.jsoup.Jsoup}` and `{@code x}`
/// become code spans, `{@link Jsoup#parse(String) parse}` and `{@linkplain …}` their label,
/// `{@literal x}` its text; `{@inheritDoc}` goes.
fn without_javadoc_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{@") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        // The tag's end: the brace that closes it, nested braces (`{@code Map<K, {V}>}`)
        // counted.
        let mut depth = 1usize;
        let close = after.char_indices().find_map(|(at, c)| {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            (depth == 0).then_some(at)
        });
        let Some(close) = close else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inside = &after[..close];
        let (tag, body) = inside
            .split_once(char::is_whitespace)
            .map_or((inside, ""), |(tag, body)| (tag, body.trim()));
        match tag {
            "link" | "linkplain" => match split_reference(body) {
                (_, label) if !label.is_empty() => out.push_str(label),
                (reference, _) if tag == "link" && !reference.is_empty() => {
                    out.push('`');
                    out.push_str(&shown_reference(reference));
                    out.push('`');
                }
                (reference, _) => out.push_str(&shown_reference(reference)),
            },
            "code" | "value" if !body.is_empty() => {
                out.push('`');
                out.push_str(body);
                out.push('`');
            }
            "literal" => out.push_str(body),
            "inheritDoc" => {}
            _ => out.push_str(&rest[open..open + 2 + close + 1]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// A `{@link}` tag's body split into its reference and its label: the reference ends at the
/// first blank outside its parameter list (`JsonSerializer#serialize(Object, Type) method` has
/// no label but a reference with blanks in it).
fn split_reference(body: &str) -> (&str, &str) {
    let mut depth = 0usize;
    for (at, c) in body.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => {
                return (&body[..at], body[at..].trim());
            }
            _ => {}
        }
    }
    (body, "")
}

/// A reference as Javadoc shows it: `Gson#toJson(Object)` as `Gson.toJson(Object)`, a member of
/// the class itself (`#toJson(Object)`) as `toJson(Object)`.
fn shown_reference(reference: &str) -> String {
    match reference.split_once('#') {
        Some(("", member)) => member.to_string(),
        Some((class, member)) => format!("{class}.{member}"),
        None => reference.to_string(),
    }
}

/// HTML elements a Javadoc or JSDoc comment writes its prose with; any other `<…>` (`Vec<T>`,
/// `<stdin>`) is text.
const PROSE_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "big",
    "blockquote",
    "br",
    "cite",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "i",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "tt",
    "u",
    "ul",
    "var",
];

/// `text` with the HTML of its prose taken away, code spans left alone: a link keeps its text
/// (gson's "a JSON (`<a href=\"…\">RFC 8259</a>`) encoded value" reads "a JSON (RFC 8259)
/// encoded value"), `<code>` and `<tt>` become backticks.
fn without_html_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    let mut rest = text;
    while let Some(at) = rest.find(['<', '`']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix('`') {
            in_code = !in_code;
            out.push('`');
            rest = after;
            continue;
        }
        let element = (!in_code).then(|| html_element(tail)).flatten();
        match element {
            Some((name, length)) => {
                if name.eq_ignore_ascii_case("code") || name.eq_ignore_ascii_case("tt") {
                    out.push('`');
                }
                rest = &tail[length..];
            }
            None => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The element name and byte length of an opening or closing tag of a prose element at the
/// start of `text` (`<a href="x">`, `</a>`, `<br/>`).
fn html_element(text: &str) -> Option<(&str, usize)> {
    let inner = text.strip_prefix('<')?;
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let name_end = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    if !PROSE_ELEMENTS
        .iter()
        .any(|element| element.eq_ignore_ascii_case(name))
    {
        return None;
    }
    let after = &inner[name_end..];
    if !(after.starts_with('>') || after.starts_with("/>") || after.starts_with(' ')) {
        return None;
    }
    let close = after.find('>')?;
    Some((name, text.len() - after.len() + close + 1))
}

/// `text` with reStructuredText's inline markup made Markdown: a role
/// (`` :class:`Schema <marshmallow.Schema>` ``, `` :func:`~os.path.join` ``) becomes a code span of
/// the name it shows, a literal (``` ``None`` ```) a code span, and a link
/// (`` `the docs <https://…>`_ ``) its text.
fn without_rst_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(tick) = rest.find('`') {
        let before = &rest[..tick];
        // A role (`:class:`, `:py:meth:`) right before the backtick.
        let role_start = before.strip_suffix(':').and_then(|head| {
            let start = head
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == ':' || c == '_' || c == '-'))
                .map_or(0, |at| at + 1);
            let role = &head[start..];
            (role.starts_with(':') && role.len() > 1 && !role[1..].starts_with(':'))
                .then_some(start)
        });
        let after = &rest[tick + 1..];
        // ``literal``
        if let Some(literal) = after.strip_prefix('`') {
            if let Some(end) = literal.find("``") {
                out.push_str(before);
                out.push('`');
                out.push_str(&literal[..end]);
                out.push('`');
                rest = &literal[end + 2..];
                continue;
            }
        }
        let Some(end) = after.find('`') else {
            break;
        };
        let inner = &after[..end];
        let tail = &after[end + 1..];
        if let Some(start) = role_start {
            out.push_str(&before[..start]);
            // A link to a document or a section is prose, not code: its label, else the
            // document's name (itsdangerous's "The :doc:`/signer` only signs bytes." reads
            // "The signer only signs bytes."); `:pep:`/`:rfc:` are named as such.
            let role = before[start..].trim_end_matches(':');
            let role = role.rsplit(':').next().unwrap_or(role);
            if let Some(prose) = prose_role(role, inner) {
                out.push_str(&prose);
                rest = tail;
                continue;
            }
            let shown = match inner.rsplit_once(" <") {
                // A label that is a name shows what it links to (arrow's parser.py: "Provides
                // the :class:`Arrow <arrow.parser.DateTimeParser>` class." is about
                // `DateTimeParser`; no `Arrow` is defined there); a label in words stays.
                Some((label, target)) if target.ends_with('>') => {
                    let label = label.trim();
                    let target = target.trim_end_matches('>').trim_start_matches('~');
                    let is_name = !label.is_empty()
                        && label
                            .chars()
                            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.'));
                    // Only a class's target is trusted over its label: `DateTimeParser`'s own
                    // doc links "DateTimeParser" to the module `arrow.arrow.parser`.
                    let class_role = matches!(role, "class" | "exc");
                    match target.rsplit('.').next() {
                        Some(linked)
                            if is_name
                                && class_role
                                && linked.starts_with(|c: char| c.is_uppercase()) =>
                        {
                            linked
                        }
                        _ => label,
                    }
                }
                // `~os.path.join` shows `join`.
                // `.Signer` (Sphinx searches every module for it) shows `Signer`.
                _ => match inner.strip_prefix('~') {
                    Some(path) => path.rsplit('.').next().unwrap_or(path),
                    None => inner.trim_start_matches(['!', '.']),
                },
            };
            out.push('`');
            out.push_str(shown);
            out.push('`');
            rest = tail;
            continue;
        }
        if let Some(link_tail) = tail.strip_prefix("__").or_else(|| tail.strip_prefix('_')) {
            if let Some((label, target)) = inner.rsplit_once(" <") {
                if target.ends_with('>') {
                    out.push_str(before);
                    out.push_str(label.trim());
                    rest = link_tail;
                    continue;
                }
            }
        }
        out.push_str(&rest[..tick + 1 + end + 1]);
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// What a role that is no code shows in prose: `:doc:`/signer`` → "signer", `:doc:`the
/// signer <signer>`` → "the signer", `:ref:`label`` → "label" in words, `:pep:`8`` → "PEP 8".
fn prose_role(role: &str, inner: &str) -> Option<String> {
    let labelled = inner
        .rsplit_once(" <")
        .filter(|(_, target)| target.ends_with('>'))
        .map(|(label, _)| label.trim().to_string());
    match role {
        "doc" | "ref" | "term" => Some(labelled.unwrap_or_else(|| {
            let name = inner.trim_start_matches('~');
            let name = name.rsplit(['/', ':']).next().unwrap_or(name);
            name.replace(['-', '_'], " ")
        })),
        "pep" | "rfc" => Some(format!("{} {}", role.to_ascii_uppercase(), inner.trim())),
        _ => None,
    }
}

/// True for a line that opens with a field's label: a few words, the first capitalised, then
/// `:` and a value (`Original definitions by: …`, `Project: https://…`, `Author: …`).
fn is_field_line(line: &str) -> bool {
    let line = line.trim_start_matches(['/', '*', '#', ' ']);
    let Some((label, value)) = line.split_once(": ") else {
        return false;
    };
    let words: Vec<&str> = label.split_whitespace().collect();
    !value.trim().is_empty()
        && (1..=4).contains(&words.len())
        && words
            .iter()
            .all(|word| word.chars().all(char::is_alphabetic))
        && label.starts_with(|c: char| c.is_uppercase())
}

/// `text` with Markdown links reduced to their text: `[CLI Option](https://…)` and
/// `[text][ref]` to their label, a Rust intra-doc link (`` [`Span`] ``) to its code. Other
/// brackets (`list[int]`, `[default: 5]`) and images stay.
fn without_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        // A code span before the bracket is kept whole: more-itertools' ``list(combinations(
        // iterable, r))[index]`` indexes, it links nothing.
        if let Some(tick) = rest[..open].find('`') {
            let run = rest[tick..].len() - rest[tick..].trim_start_matches('`').len();
            let fence = &rest[tick..tick + run];
            let end = rest[tick + run..]
                .find(fence)
                .map_or(rest.len(), |at| tick + run + at + run);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let image = rest[..open].ends_with('!');
        let after_open = &rest[open + 1..];
        let Some(close) = after_open.find(']') else {
            break;
        };
        let label = &after_open[..close];
        let after = &after_open[close + 1..];
        // A reference link's brackets follow no name: gorilla/schema's `map[string][]string`
        // is a Go type, not the link `[string][]`.
        let glued = rest[..open].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        let target_len = match after.chars().next() {
            Some('(') => after.find(')').map(|end| end + 1),
            Some('[') if !glued => after.find(']').map(|end| end + 1),
            _ => None,
        };
        let code_label = label.len() >= 2 && label.starts_with('`') && label.ends_with('`');
        // Go's doc links (`creates a new [Program]`, `[io.Reader]`) and Rust's bare intra-doc
        // links (`[Span]`): a name in brackets after a space or at the start; `list[int]` is
        // an index, not a link.
        let doc_link = !rest[..open].ends_with(|c: char| c.is_alphanumeric() || c == '_')
            && label.starts_with(|c: char| c.is_ascii_alphabetic())
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '*'))
            && !label.ends_with(':');
        let skip = match target_len {
            Some(len) => Some(len),
            None if code_label || doc_link => Some(0),
            None => None,
        };
        match skip {
            Some(skip) if !image && !label.is_empty() && !label.contains('[') => {
                out.push_str(&rest[..open]);
                out.push_str(label);
                rest = &after[skip..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after_open;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A line that only underlines the one above it: one punctuation character repeated
/// (`=====`, `-----`, `~~~~`).
fn is_underline(line: &str) -> bool {
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    line.len() >= 3
        && matches!(first, '=' | '-' | '~' | '^' | '*' | '+' | '#' | '"' | '`')
        && chars.all(|c| c == first)
}

/// `text` without what opens a comment line (`#`, `//`, `//!`, `/**`, `* `) or a list item
/// (`- `, `1. `), keeping the `**` of bold text (`**Uvicorn** uses ...`).
fn without_comment_leader(text: &str) -> &str {
    let mut rest = text.trim_start_matches(['#', '/', '!', ' ']);
    if let Some((number, after)) = rest.split_once(". ") {
        if !number.is_empty() && number.len() <= 3 && number.chars().all(|c| c.is_ascii_digit()) {
            rest = after.trim_start();
        }
    }
    if let Some(after) = rest.strip_prefix("- ") {
        rest = after.trim_start();
    }
    while let Some(after) = rest.strip_prefix('*') {
        if after.starts_with('*') && after[1..].starts_with(|c: char| !c.is_whitespace()) {
            // `**bold**`: the star is the text's.
            let closes = after[1..].contains("**");
            if closes {
                break;
            }
        }
        rest = after.trim_start_matches(['/', '!', ' ']);
    }
    rest
}

/// Where the first sentence of `text` ends: the first `. ` that does not close an
/// abbreviation (`e.g. `, `i.e. `, `etc. `, `vs. `) or an initial (`J. Smith`).
fn sentence_end(text: &str) -> Option<usize> {
    const ABBREVIATIONS: &[&str] = &["e.g", "i.e", "etc", "vs", "cf", "approx", "resp", "incl"];
    let mut from = 0;
    while let Some(found) = text[from..].find(". ") {
        let at = from + found;
        let word = text[..at]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or_default();
        let lower = word.to_ascii_lowercase();
        // A stop after a space (or after dots only) is no sentence's end but a dot the text
        // talks about (gin's `cleanPath`: "eliminating . and .. elements").
        let abbreviation = ABBREVIATIONS.contains(&lower.as_str())
            || word.chars().all(|c| c == '.')
            || (word.chars().count() == 1 && word.chars().all(char::is_uppercase));
        // Nor does a full stop inside a code span (tqdm's `` (`... | python -m tqdm | ...`) ``).
        let in_code = text[..at].matches('`').count() % 2 == 1 && text[at..].contains('`');
        if !abbreviation && !in_code {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// True for a paragraph that goes on with the licence before it: a numbered clause, or
/// the licence's own words (a disclaimer, conditions, contributors).
fn continues_licence(paragraph: &[&str]) -> bool {
    let first = paragraph.first().copied().unwrap_or_default();
    let clause = first
        .trim_start_matches(['#', '/', '*', '!', ' ', '-', '('])
        .split_once(['.', ')'])
        .is_some_and(|(number, _)| {
            !number.is_empty() && number.len() <= 3 && number.chars().all(|c| c.is_alphanumeric())
        });
    let text = paragraph.join(" ").to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "warrant",
        "liabil",
        "licen",
        "copyright",
        "redistribut",
        "permission",
        "endorse",
        "provided \"as is\"",
        "conditions",
        "contributors",
    ];
    clause || WORDS.iter().any(|word| text.contains(word))
}

/// True for a paragraph that is a copyright or licence notice.
fn is_licence_notice(paragraph: &[&str]) -> bool {
    let Some(first) = paragraph.first() else {
        return false;
    };
    let first = first
        .trim_start_matches(['#', '/', '*', '!', ' '])
        .to_ascii_lowercase();
    const OPENINGS: &[&str] = &[
        "copyright",
        "(c)",
        "©",
        "spdx-license-identifier",
        "license:",
    ];
    if OPENINGS.iter().any(|opening| first.starts_with(opening)) {
        return true;
    }
    let text = paragraph.join(" ").to_ascii_lowercase();
    const NOTICES: &[&str] = &[
        "licensed under the",
        // The Apache Software Foundation's header ("Licensed to the Apache Software
        // Foundation (ASF) under one or more contributor license agreements").
        "licensed to the apache software foundation",
        "dual-licensed under",
        "all rights reserved",
        "this program is free software",
        "permission is hereby granted",
        "redistribution and use in source and binary forms",
    ];
    NOTICES.iter().any(|notice| text.contains(notice))
}

/// True for a line of code in a doc: a REPL prompt (`>>>`, `$ `), a fence, an assignment
/// (`url = httpx.URL(...)`) or an `assert`.
fn is_code_line(line: &str) -> bool {
    if line.starts_with(">>>") || line.starts_with("$ ") || line.starts_with("```") {
        return true;
    }
    const STATEMENTS: &[&str] = &[
        "assert ", "return ", "yield ", "await ", "raise ", "import ", "from ", "print(",
    ];
    if STATEMENTS
        .iter()
        .any(|statement| line.starts_with(statement))
    {
        // `from` opens prose too ("From a URL, ..."): code imports something.
        return !line.starts_with("from ") || line.contains(" import ");
    }
    // A bare call (`app.run(debug=True)`, `main()`).
    if let Some(open) = line.find('(') {
        let callee = &line[..open];
        if line.ends_with(')')
            && !callee.is_empty()
            && callee
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        {
            return true;
        }
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
    // Whole sentences read better than a sentence cut short.
    if let Some(end) = cut.rfind(". ").filter(|&end| end > max_chars / 2) {
        return cut[..=end].to_string();
    }
    let cut = match cut.rfind(' ') {
        Some(at) if at > max_chars / 2 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Section titles after which a README tells how to use or build the thing, no longer what it
/// is: its description is looked for before the first of them.
/// True for a line that opens with an inline HTML element (`<a href=…>`, `<code>`, `<b>`),
/// which goes on with the paragraph it is in.
fn is_inline_html(line: &str) -> bool {
    const INLINE: &[&str] = &[
        "a", "abbr", "b", "br", "code", "em", "i", "img", "kbd", "span", "strong", "sub", "sup",
    ];
    line.strip_prefix('<')
        .is_some_and(|rest| INLINE.contains(&tag_name(rest).as_str()))
}

/// The lowercase name of the HTML tag `rest` opens or closes (`a` of `a href=…>`, `div` of
/// `/DIV>`), read after its `<`.
pub(crate) fn tag_name(rest: &str) -> String {
    rest.trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Sections of a README that are about the project's process, not what it is: their text is
/// never its description (ejs opens with "## Security": "Security professionals, before
/// reporting any security issues, please reference the …").
const PROCESS_SECTIONS: &[&str] = &[
    "security",
    "license",
    "licence",
    "sponsor",
    "backers",
    "contributing",
    "contributors",
    "code of conduct",
    "changelog",
    "support",
    "funding",
    "acknowledg",
    "credits",
];

const HOW_TO_SECTIONS: &[&str] = &[
    "usage",
    "install",
    "getting started",
    "quick start",
    "quickstart",
    "example",
    "setup",
    "set up",
    "build",
    "configuration",
    "requirements",
    "development",
    "contributing",
    "license",
    "running",
    "test",
];

/// A quoted line that opens with a notice's label: `**Note**`, `Warning:`, `**IMPORTANT:**`,
/// or a warning sign (flysystem's adapters: "⚠️ this is a sub-split, for pull requests and
/// issues, visit: …").
fn is_notice_label(quoted: &str) -> bool {
    if quoted.starts_with(['⚠', '❗', '🚨', 'ℹ', '❌']) {
        return true;
    }
    let first = quoted
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_matches(['*', '_', ':'])
        .to_lowercase();
    let labelled = quoted.starts_with(['*', '_'])
        || quoted
            .split_whitespace()
            .next()
            .is_some_and(|word| word.ends_with(':'));
    labelled
        && matches!(
            first.as_str(),
            "note" | "warning" | "important" | "caution" | "tip" | "attention" | "notice"
        )
}

/// What a README says of the project's state when it is deprecated, archived or no longer
/// maintained: the first sentence under a heading such as "Deprecated" or "Project status"
/// (javapoet's "As of 2020-10-10, Square's JavaPoet project is deprecated."), or of a notice
/// quoted near the top. `None` for a maintained project, or a section about something else.
pub(crate) fn project_status(text: &str) -> Option<String> {
    let text = without_html_comments(text);
    let text = text.as_ref();
    const STATUS_WORDS: &[&str] = &[
        "deprecated",
        "no longer maintained",
        "not maintained",
        "unmaintained",
        "archived",
        "no longer supported",
        "end of life",
        "end-of-life",
    ];
    let says_status = |sentence: &str| {
        let lower = sentence.to_lowercase();
        STATUS_WORDS.iter().any(|word| lower.contains(word))
    };
    let status_heading = |heading: &str| {
        let lower = heading
            .trim()
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        matches!(
            lower.as_str(),
            "deprecated"
                | "deprecation"
                | "deprecation notice"
                | "project status"
                | "status"
                | "maintenance"
                | "maintenance status"
                | "unmaintained"
                | "archived"
                | "no longer maintained"
        )
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut in_fence = false;
    let mut paragraphs_seen = 0usize;
    let mut at = 0;
    while at < lines.len() {
        let trimmed = lines[at].trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            at += 1;
            continue;
        }
        if in_fence {
            at += 1;
            continue;
        }
        // `## Deprecated`, or `Deprecated` over `-----`.
        let setext = lines.get(at + 1).is_some_and(|next| {
            let next = next.trim();
            !next.is_empty() && next.chars().all(|c| c == '-' || c == '=')
        });
        let heading = if let Some(heading) = trimmed.strip_prefix('#') {
            Some(heading.trim_start_matches('#'))
        } else if setext && !trimmed.is_empty() {
            Some(trimmed)
        } else {
            None
        };
        if heading.is_some_and(status_heading) {
            let start = at + if setext { 2 } else { 1 };
            let paragraph: Vec<&str> = lines[start.min(lines.len())..]
                .iter()
                .map(|line| line.trim())
                .skip_while(|line| line.is_empty())
                .take_while(|line| !line.is_empty() && !line.starts_with('#'))
                .collect();
            let sentence = first_line(&paragraph.join("\n"), 300)?;
            return says_status(&sentence).then_some(sentence);
        }
        // A notice quoted near the top: `> **Warning** This project is no longer maintained.`
        if trimmed.starts_with('>') {
            let quoted: Vec<&str> = lines[at..]
                .iter()
                .map_while(|line| line.trim().strip_prefix('>'))
                .map(str::trim)
                .filter(|line| !line.starts_with("[!"))
                .collect();
            let joined = quoted.join(" ");
            // Without its label (`**Warning**`, `Note:`).
            let text = joined.trim_start();
            let text = match text.split_once(char::is_whitespace) {
                Some((label, rest)) if is_notice_label(label) => rest.trim_start(),
                _ => text,
            };
            if paragraphs_seen < 4 {
                if let Some(sentence) = first_line(text, 300).filter(|s| says_status(s)) {
                    return Some(sentence);
                }
            }
            at += quoted.len().max(1);
            continue;
        }
        if trimmed.is_empty() {
            paragraphs_seen += 1;
        }
        at += 1;
    }
    None
}

/// `text` without its HTML comments (`<!-- … -->`, which may run over many lines: the licence
/// header of Apache projects' READMEs), which a reader of the rendered page never sees. An
/// unclosed comment runs to the end, as in HTML.
pub(crate) fn without_html_comments(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("<!--") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        kept.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => rest = &rest[start + 4 + end + 3..],
            None => rest = "",
        }
    }
    kept.push_str(rest);
    std::borrow::Cow::Owned(kept)
}

/// The first paragraph of prose in a README, before any section on how to use or build it:
/// headings, badges, HTML, front matter, code, lists and reStructuredText underlines are
/// skipped. Without one, a short line of prose, else a title of three words or more ("Syslog
/// Hooks for Logrus").
pub(crate) fn first_paragraph(text: &str, max_chars: usize) -> Option<String> {
    let text = without_html_comments(text);
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
    // The words of the first heading: a bold paragraph that opens with one of them speaks of
    // the project (serde_json's "**Serde is a framework for …**" under `# Serde JSON`).
    let title_words: Vec<String> = lines
        .iter()
        .find(|line| line.trim_start().starts_with('#'))
        .map(|line| {
            plain_text(line.trim_start().trim_start_matches('#'))
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| word.len() >= 3)
                .map(str::to_lowercase)
                .collect()
        })
        .unwrap_or_default();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut fallback: Option<String> = None;
    // A paragraph that only invites to follow a link (envconfig's "See [godoc](…)") says
    // nothing of the project: passed over, never the description.
    let mut in_fence = false;
    let mut in_list = false;
    let mut in_html = false;
    let mut title: Option<String> = None;
    let mut seen_heading = false;
    // reStructuredText's explicit markup (`.. |pypi| image:: …`, `.. note::`, `.. _target:`)
    // runs on through its indented lines: badges, directives and link targets, no prose.
    let mut in_rst_markup = false;
    let mut in_admonition = false;
    let mut in_notice = false;
    let mut in_process_section = false;
    // A paragraph of prose says what the project is; a short line without links ("Body.") is
    // taken only when no paragraph of prose follows, and a line of links
    // (`**Docs**: <a href>`) never.
    let mut settle = |paragraph: &mut Vec<&str>| -> Option<String> {
        let raw = paragraph.join(" ");
        let plain = plain_text(&raw);
        // "Dual-licensed under MIT or the UNLICENSE." (ripgrep's crates) is no description.
        let licence = is_licence_notice(paragraph);
        paragraph.clear();
        if licence {
            return None;
        }
        // A table of contents' caption (tomli's "**Table of Contents** *generated with
        // mdformat-toc*") is navigation too.
        if plain.to_ascii_lowercase().starts_with("table of contents") {
            return None;
        }
        // A row of links (`[English readme](…) • [简体中文 readme](…) • …`) is navigation.
        let links = raw.matches("](").count() + raw.matches("][").count();
        if links >= 3 && plain.split_whitespace().count() < links * 4 {
            return None;
        }
        // A paragraph that is one link and nothing else is navigation too (parking_lot's
        // "[Documentation (core parking lot API)](https://docs.rs/parking_lot_core/)").
        let trimmed = raw.trim();
        if links == 1
            && trimmed.starts_with('[')
            && trimmed.ends_with(')')
            && trimmed
                .find("](")
                .is_some_and(|at| !trimmed[..at].contains(']'))
        {
            return None;
        }
        // A short pointer (jotai's "visit [jotai.org](…) or `npm i jotai`") is no sentence
        // about the project: it opens in lower case, links or shows code, and ends without a
        // full stop. It stands only when nothing better follows.
        // So is a tagline that carries on from the title (itsdangerous' "… so better sign
        // this", under `# ItsDangerous`).
        let pointer = (plain.starts_with(|c: char| c.is_lowercase())
            && (links > 0 || raw.contains('`'))
            && !plain.trim_end().ends_with(['.', '!', '?'])
            && prose_words(&plain) < 8)
            || plain.starts_with("...")
            || plain.starts_with('…');
        // Where the name comes from (tqdm's "``tqdm`` derives from the Arabic word taqaddum")
        // is not what the project does: taken only when nothing else is said.
        let etymology = {
            let opening: String = plain.chars().take(80).collect::<String>().to_lowercase();
            [
                " derives from ",
                " is derived from ",
                " stands for ",
                " is short for ",
                " is pronounced ",
                " is an abbreviation ",
                " is named after ",
            ]
            .iter()
            .any(|phrase| opening.contains(phrase))
        };
        // A paragraph all in bold is a banner (hiredis' "**This Readme reflects the latest
        // changed in the master branch. See v1.0.0 for …**"), not what the project is.
        let banner = {
            let raw = raw.trim();
            let first_word = plain
                .split(|c: char| !c.is_alphanumeric())
                .find(|word| !word.is_empty())
                .unwrap_or_default()
                .to_lowercase();
            // A short tagline in bold (viper's "**Go configuration with fangs!**") is what
            // the project is; a notice is longer or says what it is about.
            let lower = plain.to_lowercase();
            let notice = prose_words(&plain) > 8
                || [
                    "readme",
                    "branch",
                    "version",
                    "deprecat",
                    "maintain",
                    "moved",
                    "note",
                    "warning",
                    "important",
                    "archived",
                ]
                .iter()
                .any(|word| lower.contains(word));
            raw.len() > 4
                && ((raw.starts_with("**") && raw.ends_with("**"))
                    || (raw.starts_with("__") && raw.ends_with("__")))
                && !title_words.contains(&first_word)
                && notice
        };
        // A lead-in to a list ("You may be looking for:", viper's "Many Go projects are built
        // using Viper including:") says nothing by itself; a sentence before it may.
        let lead_in = plain.trim_end().ends_with(':')
            && (prose_words(&plain) <= 5 || !plain.trim_end().contains(". "));
        if prose_words(&plain) >= 4 && !pointer && !etymology && !banner && !lead_in {
            return Some(plain);
        }
        if etymology || banner || lead_in {
            fallback.get_or_insert(plain);
            return None;
        }
        // An invitation to follow a link (flysystem's adapters: "View the
        // [documentation](…).") says less than a title of a few words does.
        let invitation = links > 0
            && prose_words(&plain) < 8
            && [
                "View ",
                "See ",
                "Visit ",
                "Read ",
                "Check ",
                "Find ",
                "Go to ",
                "Refer to ",
            ]
            .iter()
            .any(|verb| plain.starts_with(verb));
        if invitation {
            return None;
        }
        if pointer {
            fallback.get_or_insert(plain);
            return None;
        }
        if fallback.is_none() && prose_words(&plain) > 0 && !plain.contains("://") {
            fallback = Some(plain);
        }
        None
    };
    for (at, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            if !paragraph.is_empty() {
                if let Some(prose) = settle(&mut paragraph) {
                    return Some(shorten(&prose, max_chars));
                }
            }
            continue;
        }
        if in_fence {
            continue;
        }
        // Docusaurus fences an admonition's text: `:::tip What You'll Learn` … `:::`.
        if in_admonition {
            in_admonition = trimmed != ":::";
            continue;
        }
        if trimmed
            .strip_prefix(":::")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
        {
            in_admonition = true;
            if !paragraph.is_empty() {
                if let Some(prose) = settle(&mut paragraph) {
                    return Some(shorten(&prose, max_chars));
                }
            }
            continue;
        }
        if in_rst_markup {
            if trimmed.is_empty() || line.starts_with([' ', '\t']) {
                continue;
            }
            in_rst_markup = false;
        }
        // So does MkDocs' (`!!! note`, `??? abstract "API Reference"`, mkdocstrings'
        // `::: starlette.applications.Starlette` with its indented options).
        let mkdocs_markup = ["!!!", "???", ":::"]
            .iter()
            .any(|mark| trimmed.starts_with(mark))
            && paragraph.is_empty();
        if trimmed == ".." || trimmed.starts_with(".. ") || mkdocs_markup {
            in_rst_markup = true;
            if !paragraph.is_empty() {
                if let Some(prose) = settle(&mut paragraph) {
                    return Some(shorten(&prose, max_chars));
                }
            }
            continue;
        }
        // An HTML block (a centred logo, a sponsor's blurb) runs to the next blank line, as
        // CommonMark reads it; the text inside is decoration, not the description.
        let opens_html = trimmed
            .strip_prefix('<')
            .and_then(|rest| rest.chars().next())
            .is_some_and(|next| next.is_ascii_alphabetic() || next == '/' || next == '!');
        if opens_html && paragraph.is_empty() {
            in_html = true;
        }
        if in_html {
            in_html = !trimmed.is_empty();
            // Save for a paragraph of plain text in HTML, often the tagline under a centred
            // logo (axios' `<p align="center">Promise based HTTP client for …</p>`).
            if let Some(text) = html_paragraph(trimmed) {
                let mut lone = vec![text];
                if let Some(prose) = settle(&mut lone) {
                    return Some(shorten(&prose, max_chars));
                }
            }
            continue;
        }
        let setext_title = lines.get(at + 1).is_some_and(|next| is_underline(next));
        if trimmed.starts_with('#') || setext_title {
            let heading = plain_text(trimmed.trim_start_matches('#'))
                .trim()
                .to_string();
            let lower = heading.to_lowercase();
            if HOW_TO_SECTIONS.iter().any(|how| lower.starts_with(how)) {
                break;
            }
            in_process_section = PROCESS_SECTIONS
                .iter()
                .any(|section| lower.starts_with(section));
            // Only the document's first heading is its title; later ones name sections.
            if !seen_heading && prose_words(&heading) >= 3 {
                title = Some(heading);
            }
            seen_heading = true;
        }
        // A quoted notice (viper's "> ## Viper v2 Feedback", GitHub's `> [!NOTE]`, monolog's
        // `>**Note** This is the documentation for Monolog 3.x`) is news for the reader, not
        // what the project is.
        match trimmed.strip_prefix('>') {
            Some(quoted) => {
                let quoted = quoted.trim_start();
                if in_notice
                    || quoted.starts_with('#')
                    || quoted.starts_with("[!")
                    || is_notice_label(quoted)
                {
                    in_notice = true;
                    if !paragraph.is_empty() {
                        if let Some(prose) = settle(&mut paragraph) {
                            return Some(shorten(&prose, max_chars));
                        }
                    }
                    continue;
                }
            }
            None => in_notice = false,
        }
        // A list (of examples, of links) is no description, nor are its indented continuations.
        if is_list_item(trimmed) {
            in_list = true;
        } else if !trimmed.is_empty() && !line.starts_with([' ', '\t']) {
            in_list = false;
        }
        // Inline HTML inside a paragraph (ejs: `<a href="…">SECURITY.md</a>` on a line of
        // its own) goes on with it; CommonMark's HTML blocks of that kind cannot interrupt a
        // paragraph.
        if !paragraph.is_empty() && trimmed.starts_with('<') && is_inline_html(trimmed) {
            paragraph.push(trimmed);
            continue;
        }
        let skip = in_list
            || in_process_section
            || trimmed.starts_with('#')
            || trimmed.starts_with('<')
            || trimmed.starts_with("[![")
            || trimmed.starts_with("![")
            || trimmed.starts_with('|')
            // A table written without outer pipes (`--- | --- |`, `Latest ✔ | Latest ✔ |`).
            || trimmed.matches('|').count() >= 2
            || is_link_definition(trimmed)
            || is_underline(trimmed)
            || setext_title;
        if trimmed.is_empty() || skip {
            if !paragraph.is_empty() {
                if let Some(prose) = settle(&mut paragraph) {
                    return Some(shorten(&prose, max_chars));
                }
            }
            continue;
        }
        paragraph.push(trimmed.trim_start_matches('>').trim_start());
    }
    if !paragraph.is_empty() {
        if let Some(prose) = settle(&mut paragraph) {
            return Some(shorten(&prose, max_chars));
        }
    }
    fallback
        .filter(|text| !text.is_empty())
        .or(title)
        .map(|text| shorten(&text, max_chars))
}

/// The text of a one-line HTML paragraph that holds nothing but text: `<p align="center">A
/// tagline.</p>`, or kleur's `<div align="center">The fastest Node.js library …</div>`. Not
/// one with links, images or other tags inside.
fn html_paragraph(line: &str) -> Option<&str> {
    ["p", "div", "h3", "h4"].iter().find_map(|tag| {
        let rest = line.strip_prefix('<')?.strip_prefix(tag)?;
        if !rest.starts_with(['>', ' ']) {
            return None;
        }
        let inner = &rest[rest.find('>')? + 1..];
        let inner = inner.strip_suffix(&format!("</{tag}>"))?.trim();
        (!inner.is_empty() && !inner.contains('<')).then_some(inner)
    })
}

/// True for a Markdown link reference definition (`[Build Status]: https://…`), which
/// renders as nothing.
fn is_link_definition(line: &str) -> bool {
    line.strip_prefix('[')
        .and_then(|rest| rest.split_once("]:"))
        .is_some_and(|(label, target)| {
            !label.is_empty() && !label.contains(']') && target.split_whitespace().next().is_some()
        })
}

/// True for a document's doc that is a list (chi's `_examples/README.md`: a list of the
/// examples and nothing else): items, which read as one run-on line, not a description.
pub(crate) fn is_list_doc(doc: &str) -> bool {
    doc.lines()
        .next()
        .is_some_and(|line| is_list_item(line.trim_start()))
}

/// True for a Markdown list item: `* x`, `- x`, `+ x`, `1. x`, `1) x`.
fn is_list_item(line: &str) -> bool {
    if line.starts_with("* ") || line.starts_with("- ") || line.starts_with("+ ") {
        return true;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
}

/// The length of the image that `text` starts with, if it is one: `![alt](src)`, or by
/// reference, `![alt][ref]` or `![alt]` (anyhow's `[![github]](https://…)` badges).
fn image_end(text: &str) -> Option<usize> {
    let alt_end = 2 + text.strip_prefix("![")?.find(']')?;
    let after = &text[alt_end + 1..];
    let close = match after.chars().next() {
        Some('(') => after.find(')'),
        Some('[') => after.find(']'),
        _ => return Some(alt_end + 1),
    }?;
    Some(alt_end + 1 + close + 1)
}

/// What READMEs' lists say of the files and directories they link (chi's
/// `_examples/README.md`: "* [fileserver](…/_examples/fileserver/main.go) - Easily serve
/// static files"): path → (the text after the link, the README). A link is
/// relative to its README, or a GitHub address of a file or tree of this repository; only
/// paths `exists` knows are kept, and a path two READMEs describe keeps the first.
pub(crate) fn readme_listings<'t>(
    readmes: impl Iterator<Item = (&'t RepoPath, &'t String)>,
    own_repositories: &BTreeSet<String>,
    exists: impl Fn(&str) -> bool,
) -> BTreeMap<String, (String, &'t RepoPath)> {
    let mut found: BTreeMap<String, (String, &'t RepoPath)> = BTreeMap::new();
    for (readme, text) in readmes {
        let mut in_fence = false;
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
                continue;
            }
            let Some(item) = trimmed
                .strip_prefix("* ")
                .or_else(|| trimmed.strip_prefix("- "))
                .or_else(|| trimmed.strip_prefix("+ "))
            else {
                continue;
            };
            if in_fence {
                continue;
            }
            let item = item.trim_start().trim_start_matches("**");
            let Some(rest) = item.strip_prefix('[') else {
                continue;
            };
            let Some((_, after_text)) = rest.split_once("](") else {
                continue;
            };
            let Some((target, after)) = after_text.split_once(')') else {
                continue;
            };
            let after = after.trim_start_matches("**").trim_start();
            let Some(description) = ["- ", "– ", "— ", ": "]
                .iter()
                .find_map(|separator| after.strip_prefix(separator))
                .map(str::trim)
                .filter(|description| prose_words(&plain_text(description)) >= 2)
            else {
                continue;
            };
            let Some(path) = listed_path(readme, target, own_repositories) else {
                continue;
            };
            if exists(&path) {
                found
                    .entry(path)
                    .or_insert_with(|| (plain_text(description), readme));
            }
        }
    }
    found
}

/// The GitHub repositories (`owner/name`, lower case) the manifests at the root say this
/// project is: `go.mod`'s `module github.com/go-chi/chi/v5`, a `package.json` or `Cargo.toml`
/// repository address.
pub(crate) fn own_github_repositories<'t>(
    manifests: impl Iterator<Item = &'t String>,
) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for text in manifests {
        for (at, _) in text.match_indices("github.com") {
            let rest = &text[at + "github.com".len()..];
            let Some(rest) = rest.strip_prefix('/').or_else(|| rest.strip_prefix(':')) else {
                continue;
            };
            let name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
            let mut parts = rest.splitn(3, '/');
            let (Some(owner), Some(repository)) = (parts.next(), parts.next()) else {
                continue;
            };
            let repository: String = repository.chars().take_while(|c| name_char(*c)).collect();
            let repository = repository.trim_end_matches(".git");
            if !owner.is_empty() && owner.chars().all(name_char) && !repository.is_empty() {
                found.insert(format!("{owner}/{repository}").to_ascii_lowercase());
            }
        }
    }
    found
}

/// The repository path a README's link names: relative to the README, or the part of a
/// GitHub address of this repository (one of `own_repositories`, `owner/name` in lower case)
/// after `blob/<ref>/` or `tree/<ref>/`.
fn listed_path(
    readme: &RepoPath,
    target: &str,
    own_repositories: &BTreeSet<String>,
) -> Option<String> {
    let target = target.split(['#', '?', ' ']).next().unwrap_or(target);
    if let Some(address) = target
        .strip_prefix("https://github.com/")
        .or_else(|| target.strip_prefix("http://github.com/"))
    {
        let mut parts = address.splitn(5, '/');
        let (owner, repository, kind, _reference) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        // Another repository's `lib/router.js` is not this one's (koa's README links its
        // middleware's repositories).
        let slug = format!("{owner}/{repository}").to_ascii_lowercase();
        if !matches!(kind, "blob" | "tree") || !own_repositories.contains(&slug) {
            return None;
        }
        let path = parts.next()?.trim_end_matches('/');
        return (!path.is_empty()).then(|| path.to_string());
    }
    if target.contains("://") || target.starts_with('/') || target.starts_with("mailto:") {
        return None;
    }
    let relative = target.trim_start_matches("./").trim_end_matches('/');
    if relative.is_empty() {
        return None;
    }
    RepoPath::join_relative(readme.parent(), relative).map(|path| path.as_str().to_string())
}

/// `doc` from its first paragraph that holds a word of prose: the rows of badges and the
/// HTML a crate's `//!` docs open with, as its README does (anyhow's `[![github]](…)&ensp;…`
/// then `<br>`), are passed over. Empty when nothing but decoration is left.
pub(crate) fn without_leading_decoration(doc: &str) -> &str {
    let mut rest = doc.trim_start();
    loop {
        let end = rest.find("\n\n").unwrap_or(rest.len());
        let paragraph = &rest[..end];
        // Link reference definitions (`[github]: https://…`) are targets, not text.
        let definitions = paragraph.lines().all(|line| {
            line.trim_start()
                .strip_prefix('[')
                .and_then(|label| label.split_once("]:"))
                .is_some_and(|(label, _)| !label.is_empty())
        });
        // Where the code came from says nothing of what it does (chi's `terminal.go`: "Ported
        // from Goji's middleware, source: https://…").
        let provenance = [
            "ported from",
            "adapted from",
            "copied from",
            "borrowed from",
            "taken from",
            "forked from",
            "derived from",
            "the original work",
            // Notes to the file's editors say nothing of what it does either (immer's
            // `env.ts`: "Should be no imports here!").
            "should be no ",
            "do not edit",
            "don't edit",
            "todo:",
            "todo(",
            "fixme:",
            "fixme(",
            "xxx:",
            "hack:",
            "eslint-",
            "@ts-",
            "prettier-ignore",
            "istanbul ignore",
            "c8 ignore",
        ]
        .iter()
        .any(|opening| {
            paragraph
                .get(..opening.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(opening))
        }) || {
            // logrus' `alt_exit.go`: "The following code was sourced and modified from the
            // https://github.com/tebeka/atexit package governed by the following license."
            let lower = paragraph.to_ascii_lowercase();
            [
                "sourced and modified from",
                "was sourced from",
                "was copied from",
                "was taken from",
                "was adapted from",
                "is adapted from",
                "governed by the following licen",
            ]
            .iter()
            .any(|phrase| lower.contains(phrase))
        };
        if !definitions && !provenance && prose_words(&plain_text(paragraph)) > 0 {
            return rest;
        }
        if end == rest.len() {
            return "";
        }
        rest = rest[end..].trim_start();
    }
}

/// `text` with inline HTML tags and Markdown images (badges among them) removed, and links
/// reduced to their text (`[ASGI][asgi]` → `ASGI`, `[docs](https://…)` → `docs`).
pub(crate) fn plain_text(text: &str) -> String {
    // A reStructuredText link (`` `RFC 7519 <https://…>`_ `` in pyjwt's README) is its label,
    // before its `<…>` could be read as an autolink.
    let unmarked;
    let text = if text.contains(">`_") || text.contains(":`") {
        unmarked = without_rst_markup(text);
        unmarked.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let tag_like = rest[1..]
                .chars()
                .next()
                .is_some_and(|next| next.is_ascii_alphabetic() || next == '/' || next == '!');
            if let (true, Some(end)) = (tag_like, rest.find('>')) {
                let inside = &rest[1..end];
                // An autolink (`<https://x.org>`) keeps its address; a tag goes.
                if inside.contains("://") && !inside.contains(' ') {
                    out.push_str(inside);
                }
                // A line break (kleur's "no longer used.<br>Please visit") parts words.
                let tag = inside.trim_end_matches('/').trim().to_ascii_lowercase();
                if tag == "br" && !out.ends_with(' ') {
                    out.push(' ');
                }
                rest = &rest[end + 1..];
                continue;
            }
        }
        // An image, or a linked image (a badge: `[![Open in StackBlitz](badge.svg)](https://…)`),
        // is no text.
        if let Some(after) = rest.strip_prefix('[').filter(|r| r.starts_with("![")) {
            if let Some(image_end) = image_end(after) {
                let after_image = &after[image_end..];
                let target = after_image
                    .strip_prefix("](")
                    .and_then(|target| Some(&target[target.find(')')? + 1..]))
                    .or_else(|| {
                        let reference = after_image.strip_prefix("][")?;
                        Some(&reference[reference.find(']')? + 1..])
                    });
                if let Some(after_link) = target {
                    rest = after_link;
                    continue;
                }
            }
        }
        // reStructuredText's literal (``` ``tqdm`` ```) is a code span.
        if let Some(literal) = rest.strip_prefix("``") {
            if let Some(end) = literal.find("``").filter(|end| *end > 0) {
                out.push('`');
                out.push_str(&literal[..end]);
                out.push('`');
                rest = &literal[end + 2..];
                continue;
            }
        }
        // The spaces HTML spells out (`&ensp;` between badges).
        if let Some(entity) = ["&nbsp;", "&ensp;", "&emsp;", "&thinsp;"]
            .into_iter()
            .find(|entity| rest.starts_with(entity))
        {
            out.push(' ');
            rest = &rest[entity.len()..];
            continue;
        }
        if rest.starts_with("![") {
            if let Some(end) = image_end(rest) {
                rest = &rest[end..];
                continue;
            }
            rest = &rest[1..];
            continue;
        }
        if c == '[' {
            if let Some(close) = rest.find(']') {
                let label = &rest[1..close];
                let after = &rest[close + 1..];
                let target_end = match after.chars().next() {
                    Some('(') => after.find(')').map(|end| end + 1),
                    Some('[') => after.find(']').map(|end| end + 1),
                    _ => Some(0),
                };
                if let Some(target_end) = target_end {
                    if !label.contains('[') {
                        // A linked HTML image (anyhow's `[<img alt="github" …>](…)` badges)
                        // is no text either.
                        out.push_str(&plain_text(label));
                        rest = &after[target_end..];
                        continue;
                    }
                }
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    let mut words: Vec<String> = out.split_whitespace().map(without_emphasis).collect();
    without_span_emphasis(&mut words);
    words.join(" ")
}

/// Drops the emphasis markers around a run of words (`**love using**`, `_very fast_`): a
/// word that opens with a marker before a letter or digit, and a later word that closes the
/// same marker after one, ahead of any trailing punctuation.
fn without_span_emphasis(words: &mut [String]) {
    let mut at = 0;
    while at < words.len() {
        let opened = ["**", "__", "*", "_"].into_iter().find(|marker| {
            words[at].strip_prefix(marker).is_some_and(|rest| {
                rest.chars().next().is_some_and(char::is_alphanumeric) && !rest.contains(marker)
            })
        });
        let Some(marker) = opened else {
            at += 1;
            continue;
        };
        let closes = |word: &str| {
            let body = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
            // A bold sentence closes after its full stop (`… structures.**`).
            body.strip_suffix(marker).is_some_and(|inner| {
                inner
                    .trim_end_matches(['.', '!', '?'])
                    .chars()
                    .last()
                    .is_some_and(char::is_alphanumeric)
                    && !inner.contains(marker)
            })
        };
        let Some(close) = (at + 1..words.len().min(at + 40)).find(|&end| closes(&words[end]))
        else {
            at += 1;
            continue;
        };
        words[at] = words[at][marker.len()..].to_string();
        let word = &words[close];
        let body_len = word
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')'])
            .len();
        words[close] = format!("{}{}", &word[..body_len - marker.len()], &word[body_len..]);
        at = close + 1;
    }
}

/// A word without the emphasis around it (`_rich_`, `**Rich**`, `*fast*,` → `rich`, `Rich`,
/// `fast,`); markers inside a word (`snake_case`, `__init__.py`) stay.
fn without_emphasis(word: &str) -> String {
    for marker in ["**", "__", "*", "_"] {
        let Some(inner) = word.strip_prefix(marker) else {
            continue;
        };
        let body_end = inner.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
        let trailing = &inner[body_end.len()..];
        if let Some(body) = body_end.strip_suffix(marker) {
            let clean = !body.is_empty()
                && !body.starts_with(['*', '_'])
                && !body.ends_with(['*', '_'])
                && body.chars().next().is_some_and(char::is_alphanumeric);
            if clean {
                return format!("{body}{trailing}");
            }
        }
        // Emphasis on part of a word (serde's `*ser*ializing`): letters between two stars.
        if marker == "*" {
            if let Some((part, rest)) = inner.split_once('*') {
                let letters =
                    |text: &str| !text.is_empty() && text.chars().all(char::is_alphabetic);
                if letters(part) && rest.starts_with(char::is_alphabetic) && !rest.contains('*') {
                    return format!("{part}{rest}");
                }
            }
        }
        return word.to_string();
    }
    word.to_string()
}

/// How many words of prose `text` holds: runs of two or more letters, web addresses aside.
fn prose_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|word| !word.contains("://") && !word.starts_with("www."))
        .filter(|word| word.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn where_the_name_comes_from_is_no_description() {
        // tqdm's README.rst.
        let readme = "tqdm\n====\n\n``tqdm`` derives from the Arabic word taqaddum which can mean \"progress,\"\nand is an abbreviation for \"I love you so much\" in Spanish.\n\nInstantly make your loops show a smart progress meter - just wrap any\niterable with ``tqdm(iterable)``, and you're done!\n";
        assert_eq!(
            first_paragraph(readme, 300).as_deref(),
            Some("Instantly make your loops show a smart progress meter - just wrap any iterable with `tqdm(iterable)`, and you're done!")
        );
        let only = "tqdm\n====\n\n``tqdm`` derives from the Arabic word taqaddum.\n";
        assert_eq!(
            first_paragraph(only, 300).as_deref(),
            Some("`tqdm` derives from the Arabic word taqaddum.")
        );
    }

    /// rack-protection's classes open with an RDoc labeled list of facts.
    #[test]
    fn an_rdoc_labeled_list_gives_way_to_the_paragraph_after_it() {
        let doc = "Prevented attack::   CSRF\nSupported browsers:: all\nMore infos::         http://en.wikipedia.org/wiki/CSRF\n\nOnly accepts submitted forms if a given access token matches.\n";
        assert_eq!(
            first_line(doc, 200).as_deref(),
            Some("Only accepts submitted forms if a given access token matches.")
        );
        let heading =
            "= Sinatra::Capture\n\nExtension that enables blocks inside other extensions.\n";
        assert_eq!(
            first_line(heading, 200).as_deref(),
            Some("Extension that enables blocks inside other extensions.")
        );
        let ruby = "See Rack::Utils:: for more.";
        assert_eq!(first_line(ruby, 200).as_deref(), Some(ruby));
    }

    #[test]
    fn a_docstring_of_parameters_only_has_no_first_line() {
        let doc = "Parameters\n----------\nfp  : file-like object for tqdm\nargv  : list (default: sys.argv[1:])";
        assert_eq!(first_line(doc, 200), None);
        // tqdm's `cli.main`, as it is written.
        let doc = "Parameters (internal use only)\n---------\nfp  : file-like object for tqdm\nargv  : list (default: sys.argv[1:])";
        assert_eq!(first_line(doc, 200), None);
        assert_eq!(
            first_line("Parametersets\n----\nA set of parameters.", 200).as_deref(),
            Some("A set of parameters.")
        );
    }

    /// httpx's `URL` docstring opens with an example, then "The components of a URL are
    /// broken down like this:" over a diagram: no description.
    #[test]
    fn a_sentence_that_points_at_what_follows_is_no_description() {
        let doc = "url = httpx.URL(\"https://example.org/\")\nassert url.host == \"example.org\"\n\nThe components of a URL are broken down like this:\n\n   https://jo%40email.com:a%20secret@example.org:1234/pa%20th";
        assert_eq!(first_line(doc, 200), None);
        assert_eq!(
            first_line("Our exception hierarchy:\n\n* HTTPError", 200).as_deref(),
            Some("Our exception hierarchy.")
        );
    }

    #[test]
    fn block_tags_end_the_first_sentence() {
        // axios's `throttle.js`.
        assert_eq!(
            first_line("Throttle decorator\n@param {Function} fn\n@param {Number} freq\n@return {Function}", 200).as_deref(),
            Some("Throttle decorator")
        );
        assert_eq!(
            first_line("Sends mail to\n@someone's address.", 200).as_deref(),
            Some("Sends mail to @someone's address.")
        );
    }

    #[test]
    fn a_list_ends_the_first_sentence() {
        // chalk's `ColorSupportLevel`.
        assert_eq!(
            first_line(
                "Levels:\n- `0` - All colors disabled.\n- `1` - Basic 16 colors support.",
                200
            )
            .as_deref(),
            Some("Levels.")
        );
        assert_eq!(
            first_line("Runs the steps\n1. fetch\n2) build", 200).as_deref(),
            Some("Runs the steps")
        );
        assert_eq!(
            first_line("Adds 2\n- 1 to x.", 200).as_deref(),
            Some("Adds 2")
        );
    }

    #[test]
    fn a_deprecation_is_said_in_words() {
        // chalk's `Modifiers`.
        assert_eq!(
            first_line("@deprecated Use `ModifierName` instead.", 200).as_deref(),
            Some("Deprecated: Use `ModifierName` instead.")
        );
        assert_eq!(
            first_line("@deprecated", 200).as_deref(),
            Some("Deprecated.")
        );
        assert_eq!(
            first_line("@deprecatedness is a word.", 200).as_deref(),
            Some("@deprecatedness is a word.")
        );
    }

    #[test]
    fn a_link_to_a_method_keeps_its_parameters() {
        // gson's `JsonSerializationContext`.
        assert_eq!(
            first_line("Context for serialization that is passed to a custom serializer during invocation of its {@link\nJsonSerializer#serialize(Object, Type, JsonSerializationContext)} method.", 200).as_deref(),
            Some("Context for serialization that is passed to a custom serializer during invocation of its `JsonSerializer.serialize(Object, Type, JsonSerializationContext)` method.")
        );
        assert_eq!(
            without_javadoc_tags("Calls {@link #toJson(Object)}, {@linkplain Gson#fromJson(String, Class) fromJson} and {@link Gson}."),
            "Calls `toJson(Object)`, fromJson and `Gson`."
        );
    }

    #[test]
    fn the_html_of_prose_goes_and_generics_stay() {
        // gson's `JsonWriter` and `Strictness`.
        assert_eq!(
            first_line("Writes a JSON (<a href=\"https://www.ietf.org/rfc/rfc8259.txt\">RFC 8259</a>) encoded value to a stream, one token at a time.", 200).as_deref(),
            Some("Writes a JSON (RFC 8259) encoded value to a stream, one token at a time.")
        );
        assert_eq!(
            without_html_tags(
                "Returns a <code>List<String></code>, <b>never</b> `<b>` or Vec<T>.<br/>"
            ),
            "Returns a `List<String>`, never `<b>` or Vec<T>."
        );
        assert_eq!(without_html_tags("a < b and <p"), "a < b and <p");
    }

    #[test]
    fn javadoc_inline_tags_become_markdown() {
        // jsoup's `package-info.java`.
        assert_eq!(
            first_line("Contains the main {@link org.jsoup.Jsoup} class, which provides convenient static access.", 200)
                .as_deref(),
            Some("Contains the main `org.jsoup.Jsoup` class, which provides convenient static access.")
        );
        assert_eq!(
            without_javadoc_tags("See {@link Jsoup#parse(String) parse}, {@code Map<K, {V}>}, {@literal <p>} and {@unknown x}{@inheritDoc}."),
            "See parse, `Map<K, {V}>`, <p> and {@unknown x}."
        );
        assert_eq!(without_javadoc_tags("Open {@link x"), "Open {@link x");
    }

    #[test]
    fn a_backtick_left_open_goes() {
        // commander's `examples/nestedCommands.js`.
        assert_eq!(
            first_line("Add nested commands using `.addCommand().\nThe command could be created separately.", 200)
                .as_deref(),
            Some("Add nested commands using .addCommand().")
        );
    }

    #[test]
    fn a_full_stop_inside_code_ends_no_sentence() {
        // tqdm's `cli.py`.
        assert_eq!(
            first_line(
                "Module version for monitoring CLI pipes (`... | python -m tqdm | ...`).\nMore.",
                200
            )
            .as_deref(),
            Some("Module version for monitoring CLI pipes (`... | python -m tqdm | ...`).")
        );
    }

    #[test]
    fn first_line_of_a_doc_of_tags_only_is_none() {
        // guzzle's `Client`, fastify's `fastify`, guzzle's `HeaderProcessor`.
        for doc in [
            "@final",
            "@param {import('./fastify.js').FastifyServerOptions} serverOptions\n@returns {Fastify}",
            "@internal",
            "@var string\n\nA note under the tag.",
            "@covers Monolog\\Handler\\RotatingFileHandler",
            "@codeCoverageIgnore",
            "@implements TypeCasting<?int>",
            // FastRoute's `Matched` and `DataGenerator`.
            "@phpstan-import-type ExtraParameters from DataGenerator",
            "@phpstan-import-type ParsedRoute from RouteParser\n@phpstan-type StaticRoutes array<string, string>",
            "@psalm-suppress MixedAssignment",
        ] {
            assert_eq!(first_line(doc, 200), None, "{doc}");
        }
        // Prose before the tags stays.
        assert_eq!(
            first_line(
                "Sends a request.\n\n@param string $uri\n@return Promise",
                200
            )
            .as_deref(),
            Some("Sends a request.")
        );
        assert_eq!(
            first_line("@deprecated", 200).as_deref(),
            Some("Deprecated.")
        );
        // A decorator is no tag, nor a word that starts like one.
        assert_eq!(
            first_line("@app.route('/')", 200).as_deref(),
            Some("@app.route('/')")
        );
        assert_eq!(
            first_line("@paramless calls are cheap.", 200).as_deref(),
            Some("@paramless calls are cheap.")
        );
    }

    #[test]
    fn first_line_leaves_out_a_tag_that_introduces_prose() {
        assert_eq!(
            first_line(
                "@abstract Exceptions raised by HTTParty inherit from Error.",
                200
            )
            .as_deref(),
            Some("Exceptions raised by HTTParty inherit from Error.")
        );
        assert_eq!(
            first_line("@description Parses a header.\n@param {String} raw", 200).as_deref(),
            Some("Parses a header.")
        );
    }

    #[test]
    fn first_line_passes_over_restructuredtext_directives() {
        // packaging's `version.py`: a doctest setup and nothing else.
        let setup = "\n.. testsetup::\n\n    from packaging.version import parse, Version\n";
        assert_eq!(first_line(setup, 200), None);
        let note = ".. note::\n   Read this first.\n\nParses versions.\n";
        assert_eq!(first_line(note, 200).as_deref(), Some("Parses versions."));
    }

    #[test]
    fn first_line_passes_over_underlined_titles() {
        let doc = "Requests HTTP Library\n~~~~~~~~~~~~~~~~~~~~~\n\nRequests is an HTTP library, written in Python, for human beings.\nBasic GET usage:";
        assert_eq!(
            first_line(doc, 200).as_deref(),
            Some("Requests is an HTTP library, written in Python, for human beings.")
        );
        assert_eq!(
            first_line("Parser\n======\nParses flags.", 200).as_deref(),
            Some("Parses flags.")
        );
        assert_eq!(
            first_line("Only a title\n------------\n", 200).as_deref(),
            Some("Only a title")
        );
    }

    #[test]
    fn first_line_takes_a_heading_for_a_title() {
        let doc = "# Serde JSON\n\nJSON is a ubiquitous open-standard format that uses human-readable text.\n\n```json\n{}\n```";
        assert_eq!(
            first_line(doc, 200).as_deref(),
            Some("JSON is a ubiquitous open-standard format that uses human-readable text.")
        );
        assert_eq!(
            first_line("# Only a heading\n", 200).as_deref(),
            Some("Only a heading")
        );
    }

    #[test]
    fn first_line_reads_restructuredtext_roles_as_code() {
        assert_eq!(
            first_line(
                "A registry of :class:`Schema <marshmallow.Schema>` classes.",
                200
            )
            .as_deref(),
            Some("A registry of `Schema` classes.")
        );
        // arrow's parser.py: a label naming another class than the one it links to; its
        // `DateTimeParser` links its own name to a module, and keeps it.
        assert_eq!(
            first_line("A :class:`DateTimeParser <arrow.arrow.parser>` object", 200).as_deref(),
            Some("A `DateTimeParser` object")
        );
        assert_eq!(
            first_line(
                "Provides the :class:`Arrow <arrow.parser.DateTimeParser>` class, and :doc:`the guide <guide>`.",
                200
            )
            .as_deref(),
            Some("Provides the `DateTimeParser` class, and the guide.")
        );
        assert_eq!(
            first_line(
                "Joins with :func:`~os.path.join` or :py:meth:`Path.joinpath`.",
                200
            )
            .as_deref(),
            Some("Joins with `join` or `Path.joinpath`.")
        );
        assert_eq!(
            first_line(
                "The :doc:`/signer` only signs bytes; see :ref:`key-rotation` and :doc:`the guide <guide/start>`, per :rfc:`7519`.",
                160
            )
            .as_deref(),
            Some("The signer only signs bytes; see key rotation and the guide, per RFC 7519.")
        );
        // itsdangerous: "Uses :class:`TimestampSigner` instead of the default :class:`.Signer`."
        assert_eq!(
            first_line(
                "Uses :class:`TimestampSigner` instead of the default :class:`.Signer`.",
                200
            )
            .as_deref(),
            Some("Uses `TimestampSigner` instead of the default `Signer`.")
        );
        assert_eq!(
            first_line(
                "Return True if val is an instance of ``class_``; see `the docs <https://x.org>`_.",
                200
            )
            .as_deref(),
            Some("Return True if val is an instance of `class_`; see the docs.")
        );
        // Markdown's code spans stay as they are.
        assert_eq!(
            first_line("Reads `a` and `b`.", 200).as_deref(),
            Some("Reads `a` and `b`.")
        );
    }

    /// parking_lot's README links its three crates' docs, one link a paragraph, above what
    /// the library is.
    #[test]
    fn first_paragraph_passes_over_paragraphs_of_one_link() {
        let md = "parking_lot\n============\n\n[![Rust](https://x/badge.svg)](https://x)\n\n[Documentation (synchronization primitives)](https://docs.rs/parking_lot/)\n\n[Documentation (core parking lot API)](https://docs.rs/parking_lot_core/)\n\nThis library provides implementations of `Mutex`, `RwLock`, `Condvar` and\n`Once` that are smaller and faster.\n";
        assert_eq!(
            first_paragraph(md, 300).as_deref(),
            Some("This library provides implementations of `Mutex`, `RwLock`, `Condvar` and `Once` that are smaller and faster.")
        );
    }

    #[test]
    fn first_paragraph_passes_over_restructuredtext_markup_and_link_definitions() {
        let rst = "****\nmarshmallow: simplified object serialization\n****\n\n|pypi| |build-status|\n\n.. |pypi| image:: https://badgen.net/pypi/v/marshmallow\n    :target: https://pypi.org/project/marshmallow/\n    :alt: Latest version\n\n**marshmallow** is an ORM/ODM/framework-agnostic library for converting complex datatypes.\n";
        assert_eq!(
            first_paragraph(rst, 300).as_deref(),
            Some("marshmallow is an ORM/ODM/framework-agnostic library for converting complex datatypes.")
        );
        let md = "# Serde JSON &emsp; [![Build Status]][actions]\n\n[Build Status]: https://img.shields.io/x.svg\n[actions]: https://github.com/serde-rs/json/actions\n\n**Serde is a framework for *ser*ializing and *de*serializing Rust data structures.**\n\n---\n\n```toml\nserde_json = \"1.0\"\n```\n\nYou may be looking for:\n\n- [JSON API documentation](https://docs.rs/serde_json)\n\nJSON is a ubiquitous open-standard format.\n";
        assert_eq!(
            first_paragraph(md, 300).as_deref(),
            Some("Serde is a framework for serializing and deserializing Rust data structures.")
        );
        // pyjwt's README: an rST link is its label.
        let links = "PyJWT\n=====\n\nA Python implementation of `RFC 7519 <https://tools.ietf.org/html/rfc7519>`_. Original implementation was written by `@progrium <https://github.com/progrium>`_.\n";
        assert_eq!(
            first_paragraph(links, 300).as_deref(),
            Some("A Python implementation of RFC 7519. Original implementation was written by @progrium.")
        );
    }

    #[test]
    fn first_paragraph_passes_over_mkdocs_admonitions_and_api_blocks() {
        // starlette's `docs/applications.md`.
        let md = "\n??? abstract \"API Reference\"\n    ::: starlette.applications.Starlette\n        options:\n            heading_level: 3\n            filters:\n                - \"__init__\"\n\nStarlette includes an application class `Starlette` that nicely ties together all of\nits other functionality.\n";
        assert_eq!(
            first_paragraph(md, 300).as_deref(),
            Some("Starlette includes an application class `Starlette` that nicely ties together all of its other functionality.")
        );
        let md =
            "# Title\n\n:::info Prerequisites\n\nFamiliarity with ES6.\n\n:::\n\n!!! note\n    Requires Python 3.10.\n\nThe real opening.\nOf this page.\n";
        assert_eq!(
            first_paragraph(md, 300).as_deref(),
            Some("The real opening. Of this page.")
        );
    }

    /// Apache commons-cli's README opens on two HTML comments: a licence header, then a
    /// banner; neither is shown, so neither is the description, and no `-->` leaks out.
    #[test]
    fn first_paragraph_passes_over_html_comments() {
        let md = "<!---\n Licensed to the Apache Software Foundation (ASF) under one or more\n contributor license agreements.\n\n Unless required by applicable law or agreed to in writing, software\n distributed under the License is distributed on an \"AS IS\" BASIS.\n-->\n<!---\n +=====+\n | THIS FILE IS GENERATED |\n--->\nApache Commons CLI\n===================\n\n[![Java CI](https://x/badge.svg)](https://x)\n\nApache Commons CLI provides a simple API for presenting, processing, and validating a Command Line Interface.\n";
        assert_eq!(
            first_paragraph(md, 400).as_deref(),
            Some("Apache Commons CLI provides a simple API for presenting, processing, and validating a Command Line Interface.")
        );
        assert_eq!(without_html_comments("a <!-- b --> c <!-- d"), "a  c ");
        assert_eq!(without_html_comments("plain"), "plain");
    }

    #[test]
    fn first_paragraph_passes_over_a_notice_opening_on_a_warning_sign() {
        // flysystem's `src/Ftp/README.md`.
        let md = "## Sub-split of Flysystem for FTP.\n\n> ⚠️ this is a sub-split, for pull requests and issues, visit: https://github.com/thephpleague/flysystem\n\n```bash\ncomposer require league/flysystem-ftp\n```\n\nView the [documentation](https://flysystem.thephpleague.com/docs/adapter/ftp/).\n";
        assert_eq!(
            first_paragraph(md, 400).as_deref(),
            Some("Sub-split of Flysystem for FTP.")
        );
    }

    #[test]
    fn first_paragraph_passes_over_a_labelled_quoted_notice() {
        // monolog's README.
        let md = "# Monolog - Logging for PHP\n\n>**Note** This is the **documentation for Monolog 3.x**, if you are using older releases\n>see the documentation for [Monolog 2.x](https://x) or [Monolog 1.x](https://y)\n\nMonolog sends your logs to files, sockets, inboxes, databases and various web services.\n";
        assert_eq!(
            first_paragraph(md, 400).as_deref(),
            Some("Monolog sends your logs to files, sockets, inboxes, databases and various web services.")
        );
        // A quotation that is the description stays.
        let quote = "# Tool\n\n> Tool makes logs readable for people and machines alike.\n";
        assert_eq!(
            first_paragraph(quote, 400).as_deref(),
            Some("Tool makes logs readable for people and machines alike.")
        );
    }

    /// javapoet's README has a "Deprecated" section; a notice quoted at the top says so too;
    /// a section named "Status" about something else, and a maintained project, say nothing.
    #[test]
    fn a_readme_says_when_the_project_is_deprecated() {
        let javapoet = "JavaPoet\n========\n\n`JavaPoet` is a Java API.\n\nDeprecated\n----------\n\nAs of 2020-10-10, Square's JavaPoet project is deprecated. We're proud of our work.\n";
        assert_eq!(
            project_status(javapoet).as_deref(),
            Some("As of 2020-10-10, Square's JavaPoet project is deprecated.")
        );
        let notice = "# tool\n\n> [!WARNING]\n> **Warning** This project is no longer maintained. Use other.\n\nTool does things.\n";
        assert_eq!(
            project_status(notice).as_deref(),
            Some("This project is no longer maintained.")
        );
        let status =
            "# tool\n\nTool does things.\n\n## Status\n\nThe API is stable and follows semver.\n";
        assert_eq!(project_status(status), None);
        let code =
            "# tool\n\n```\n## Deprecated\n```\n\nTool does things; `old()` is deprecated.\n";
        assert_eq!(project_status(code), None);
    }

    #[test]
    fn first_paragraph_passes_over_a_quoted_notice() {
        // viper's README opens with a quoted call for feedback.
        let md = "> ## Viper v2 Feedback\n>\n> Viper is heading towards v2 and we would love to hear from you.\n>\n> **Thank you!**\n\n![viper logo](x.png)\n\nViper is a complete configuration solution for Go applications.\n";
        assert_eq!(
            first_paragraph(md, 300).as_deref(),
            Some("Viper is a complete configuration solution for Go applications.")
        );
        let md = "# Tool\n\n> [!NOTE]\n> Moved to a new home.\n\nA tool that does things.\n";
        assert_eq!(
            first_paragraph(md, 300).as_deref(),
            Some("A tool that does things.")
        );
        // viper's README today: a tagline in bold, then a lead-in to a list of users.
        let md = "> ## Viper v2 Feedback\n>\n> **Thank you!**\n\n![viper logo](x.png)\n\n**Go configuration with fangs!**\n\nMany Go projects are built using Viper including:\n\n* [Hugo](http://gohugo.io)\n\n## Install\n";
        assert_eq!(
            first_paragraph(md, 300).as_deref(),
            Some("Go configuration with fangs!")
        );
        // hiredis' banner is a notice, not a tagline.
        let md = "# Hiredis\n\n**This Readme reflects the latest changed in the master branch.**\n\nHiredis is a minimalistic C client library for the Redis database.\n";
        assert_eq!(
            first_paragraph(md, 300).as_deref(),
            Some("Hiredis is a minimalistic C client library for the Redis database.")
        );
        // ejs: a security notice under `## Security` is no description; a line of inline HTML
        // goes on with its paragraph.
        let md = "Embedded JavaScript templates<br/>\n[![Vulns](https://x/badge.svg)](https://x)\n=====\n\n## Security\n\nSecurity professionals, before reporting any security issues, please reference the\n<a href=\"https://x/SECURITY.md\">SECURITY.md</a>\nin this project.\n\n## Features\n\nFast compilation and rendering of templates with plain JavaScript.\n";
        assert_eq!(
            first_paragraph(md, 300).as_deref(),
            Some("Fast compilation and rendering of templates with plain JavaScript.")
        );
        let md = "# Tool\n\nA tool that renders a\n<code>template</code>\ninto HTML for you.\n";
        assert_eq!(
            first_paragraph(md, 300).as_deref(),
            Some("A tool that renders a template into HTML for you.")
        );
    }

    #[test]
    fn first_paragraph_prefers_a_sentence_to_a_pointer() {
        let md = "<br>\n\nvisit [jotai.org](https://jotai.org) or `npm i jotai`\n\nJotai scales from a simple useState replacement to an enterprise TypeScript application.\n";
        assert_eq!(
            first_paragraph(md, 300).as_deref(),
            Some("Jotai scales from a simple useState replacement to an enterprise TypeScript application.")
        );
        assert_eq!(
            first_paragraph(
                "visit [jotai.org](https://jotai.org) or `npm i jotai`\n",
                300
            )
            .as_deref(),
            Some("visit jotai.org or `npm i jotai`")
        );
        // itsdangerous' README: a tagline under the title, then what the project is.
        let md = "# ItsDangerous\n\n... so better sign this\n\nVarious helpers to pass data to untrusted environments and to get it\nback safe and sound.\n";
        assert_eq!(
            first_paragraph(md, 300).as_deref(),
            Some("Various helpers to pass data to untrusted environments and to get it back safe and sound.")
        );
    }

    #[test]
    fn first_line_reads_a_dot_after_a_space_as_a_dot() {
        let doc = "cleanPath is the URL version of path.Clean, it returns a canonical URL path for p, eliminating . and .. elements.\n\nThe following rules are applied iteratively.";
        assert_eq!(
            first_line(doc, 200).as_deref(),
            Some("cleanPath is the URL version of path.Clean, it returns a canonical URL path for p, eliminating . and .. elements.")
        );
    }

    #[test]
    fn first_line_passes_over_licence_headers_and_abbreviations() {
        let doc = "Copyright (c) Django Software Foundation and individual contributors.\nAll rights reserved.\n\nTyped ASGI messages.";
        assert_eq!(
            first_line(doc, 200).as_deref(),
            Some("Typed ASGI messages.")
        );
        assert_eq!(first_line("Copyright 2020 Acme.\n", 200), None);
        // commons-cli's `release-notes.vm` opens on the ASF header, nothing else said.
        assert_eq!(
            first_line(
                "## Licensed to the Apache Software Foundation (ASF) under one\n## or more contributor license agreements.\n",
                200
            ),
            None
        );
        let bsd = "Copyright (c) Django Software Foundation.\nAll rights reserved.\n\nRedistribution and use in source and binary forms, with or without\nmodification, are permitted provided that:\n\n    1. Redistributions of source code must retain the above notice.\n\n    2. Neither the name of Django nor the names of its contributors may be used.\n\nTHIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\".\n\nTyped ASGI messages.\n\nSee the spec.";
        assert_eq!(
            first_line(bsd, 200).as_deref(),
            Some("Typed ASGI messages.")
        );
        assert_eq!(
            first_line(
                "Licensed under the Apache License, Version 2.0.\n\nParses flags.",
                200
            )
            .as_deref(),
            Some("Parses flags.")
        );
        assert_eq!(
            first_line(
                "Parses an IPv4 mask written in IP form (e.g. 255.255.255.0). More.",
                200
            )
            .as_deref(),
            Some("Parses an IPv4 mask written in IP form (e.g. 255.255.255.0).")
        );
        assert_eq!(
            first_line("Normalizes names, i.e. maps them. More here.", 200).as_deref(),
            Some("Normalizes names, i.e. maps them.")
        );
        assert_eq!(
            first_line("Written by J. Smith for the team. More.", 200).as_deref(),
            Some("Written by J. Smith for the team.")
        );
        assert_eq!(
            first_line("**Uvicorn** uses the ASGI specification. More.", 200).as_deref(),
            Some("**Uvicorn** uses the ASGI specification.")
        );
        assert_eq!(
            first_line("* Lists things.", 200).as_deref(),
            Some("Lists things.")
        );
        assert_eq!(
            first_line("/** Opens files. */", 200).as_deref(),
            Some("Opens files.")
        );
    }

    /// httpx's `_exceptions.py` opens with "Our exception hierarchy:" and the tree of them.
    #[test]
    fn first_line_closes_a_list_introduction() {
        assert_eq!(
            first_line(
                "Our exception hierarchy:\n\n* HTTPError\n  x RequestError\n",
                200
            )
            .as_deref(),
            Some("Our exception hierarchy.")
        );
        assert_eq!(first_line(":\n", 200).as_deref(), Some(":"));
        // An introduction cut off mid-sentence says nothing without its list.
        for intro in [
            "A custom log formatter class that:\n\n* Outputs the LOG_LEVEL\n",
            "Parses a route string of the following form:\n\n    \"/user/{name}\"\n",
        ] {
            assert_eq!(first_line(intro, 200), None, "{intro}");
        }
    }

    #[test]
    fn first_line_passes_over_an_opening_example() {
        let doc = "url = httpx.URL(\"https://example.org/\")\n\nassert url.host == \"example.org\"\n\nA parsed URL. Its parts are read-only.";
        assert_eq!(first_line(doc, 200).as_deref(), Some("A parsed URL."));
        assert_eq!(
            first_line(">>> parse('1')\n1\n\nParses numbers.", 200).as_deref(),
            Some("Parses numbers.")
        );
        assert_eq!(first_line("x = 1\n", 200), None);
        let jinja = "templates = Jinja2Templates(\"templates\")\n\nreturn templates.TemplateResponse(\"index.html\", {})\n";
        assert_eq!(first_line(jinja, 200), None);
        assert_eq!(
            first_line("app.run(debug=True)\n\nRuns the app.", 200).as_deref(),
            Some("Runs the app.")
        );
        assert_eq!(
            first_line("From a URL (or a path), a request.", 200).as_deref(),
            Some("From a URL (or a path), a request.")
        );
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
        // Brackets in a code span are shown as written.
        assert_eq!(
            escape_inline("Equivalent to `list(c)[index]` [x]"),
            "Equivalent to `list(c)[index]` \\[x\\]"
        );
        assert_eq!(
            escape_inline("Reads [`Config`] files"),
            "Reads `Config` files"
        );
        // Dunder names and starred arguments are no emphasis; code spans stay as written.
        assert_eq!(
            escape_inline("Options for __rich_console__ and *args, see `__init__`"),
            "Options for \\_\\_rich\\_console\\_\\_ and \\*args, see `__init__`"
        );
        // A code span shows `<` as it is; outside one it is no tag.
        assert_eq!(
            escape_inline("Replace `&`, `<` and <b>"),
            "Replace `&`, `<` and &lt;b>"
        );
        // A backslash in a code span is shown as written (echo's "remove `\n`").
        assert_eq!(
            escape_inline("remove `\\n` from C:\\dir"),
            "remove `\\n` from C:\\\\dir"
        );
        // A bare URL is linked as written; its underscores are no emphasis to escape
        // (p-queue's `lower_bound` link), and the words after it are escaped again.
        assert_eq!(
            escape_inline(
                "Port of lower_bound from https://x.org/w/lower_bound (see http://a.b/c_d) _e_"
            ),
            "Port of lower\\_bound from https://x.org/w/lower_bound (see http://a.b/c_d) \\_e\\_"
        );
    }

    #[test]
    fn first_lines_and_paragraphs() {
        assert_eq!(
            first_line("\n  Decodes JSON. Fast.\nMore", 100).as_deref(),
            Some("Decodes JSON.")
        );
        assert_eq!(shorten("one two three four", 9), "one two…");
        assert_eq!(
            shorten("It finds files. It is fast and friendly to use.", 26),
            "It finds files."
        );
        assert_eq!(
            shorten("A. It finds many files here.", 20),
            "A. It finds many…"
        );
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
        // hiredis: a banner in bold above the title is no description.
        assert_eq!(
            first_paragraph(
                "[![Build](https://x/badge.svg)](https://x)\n\n**This Readme reflects the latest changed in the master branch. See [v1.0.0](https://x) for the Readme.**\n\n# HIREDIS\n\nHiredis is a minimalistic C client library for the Redis database.\n",
                300
            )
            .as_deref(),
            Some("Hiredis is a minimalistic C client library for the Redis database.")
        );
    }

    #[test]
    fn first_line_reduces_links_to_their_text() {
        // typer's docstrings link to the tutorial and to Click's API.
        assert_eq!(
            first_line(
                "A [CLI Option](https://typer.tiangolo.com/tutorial/options) is a parameter.",
                200
            )
            .as_deref(),
            Some("A CLI Option is a parameter.")
        );
        assert_eq!(
            first_line(
                "The [`Context`](https://click.palletsprojects.com/) has data. More.",
                200
            )
            .as_deref(),
            Some("The `Context` has data.")
        );
        assert_eq!(
            first_line(
                "Converts a [`Span`] into `list[int]` [default: 5], see ![x](y).",
                200
            )
            .as_deref(),
            Some("Converts a `Span` into `list[int]` [default: 5], see ![x](y).")
        );
        // gorilla/schema's Go type and more-itertools' index in a code span are no links.
        assert_eq!(
            first_line(
                "Decoder decodes values from a map[string][]string to a struct.",
                200
            )
            .as_deref(),
            Some("Decoder decodes values from a map[string][]string to a struct.")
        );
        assert_eq!(
            without_links("Equivalent to ``list(combinations(iterable, r))[index]``, see [x][y]."),
            "Equivalent to ``list(combinations(iterable, r))[index]``, see x."
        );
        // Go's doc links (bubbletea's `NewProgram`) and Rust's bare ones.
        assert_eq!(
            first_line(
                "NewProgram creates a new [Program] from an [io.Reader].",
                200
            )
            .as_deref(),
            Some("NewProgram creates a new Program from an io.Reader.")
        );
        assert_eq!(
            first_line("Returns items[0] or [x] as [Hir].", 200).as_deref(),
            Some("Returns items[0] or x as Hir.")
        );
    }

    /// commander's `typings/index.d.ts` opens with DefinitelyTyped's header.
    #[test]
    fn first_line_stops_before_a_header_of_fields() {
        let header = "Type definitions for commander\nOriginal definitions by: Alan Agius <https://github.com/alan-agius4>";
        assert_eq!(
            first_line(header, 200).as_deref(),
            Some("Type definitions for commander")
        );
        // Prose that wraps onto a line with a colon inside is one sentence.
        let prose = "Parses the arguments given\nand returns: the options set.";
        assert_eq!(
            first_line(prose, 200).as_deref(),
            Some("Parses the arguments given and returns: the options set.")
        );
    }

    /// ripgrep's `crates/grep/README.md`: a setext title, a short line, badges, then the
    /// licence.
    #[test]
    fn first_paragraph_passes_over_a_licence_line() {
        let readme = "grep\n----\nripgrep, as a library.\n\n[![Build](https://x/badge.svg)](https://x)\n\nDual-licensed under MIT or the [UNLICENSE](https://unlicense.org/).\n\n### Documentation\n";
        assert_eq!(
            first_paragraph(readme, 200).as_deref(),
            Some("ripgrep, as a library.")
        );
    }

    #[test]
    fn a_crate_doc_opening_with_badges_is_read_from_its_prose() {
        // anyhow's `src/lib.rs`.
        let doc = "[![github]](https://github.com/dtolnay/anyhow)&ensp;[![crates-io]](https://crates.io/crates/anyhow)&ensp;[![docs-rs]][docs]\n\n[github]: https://img.shields.io/badge/github-x\n\n<br>\n\nThis library provides [`anyhow::Error`][Error], a trait object based\nerror type.";
        assert_eq!(
            without_leading_decoration(doc),
            "This library provides [`anyhow::Error`][Error], a trait object based\nerror type."
        );
        assert_eq!(
            without_leading_decoration("Plain words.\n\nMore."),
            "Plain words.\n\nMore."
        );
        assert_eq!(without_leading_decoration("<br>\n\n[![x]](y)"), "");
        assert_eq!(
            without_leading_decoration(
                "Ported from Goji's middleware, source:\nhttps://github.com/zenazn/goji"
            ),
            ""
        );
        assert_eq!(
            without_leading_decoration(
                "The original work was derived from Goji's middleware, source:\nhttps://x"
            ),
            ""
        );
        assert_eq!(
            without_leading_decoration("Adapted from x.\n\nColours for the terminal."),
            "Colours for the terminal."
        );
        assert_eq!(without_leading_decoration("Should be no imports here!"), "");
        assert_eq!(
            without_leading_decoration("TODO: split this.\n\nThe patch format."),
            "The patch format."
        );
        assert_eq!(
            without_leading_decoration(
                "The following code was sourced and modified from the\nhttps://github.com/tebeka/atexit package governed by the following license:\n\nCopyright (c) 2012 Miki Tebeka."
            ),
            "Copyright (c) 2012 Miki Tebeka."
        );
    }

    #[test]
    fn badges_of_linked_html_images_are_no_description() {
        // anyhow's README: a row of `[<img …>](…)` badges, then what the library is.
        let readme = "Anyhow&ensp;¯\\\\\\_(°ペ)\\_/¯\n==========\n\n[<img alt=\"github\" src=\"https://img.shields.io/badge/github-x\" height=\"20\">](https://github.com/x)\n[<img alt=\"crates.io\" src=\"https://img.shields.io/crates/v/x.svg\" height=\"20\">](https://crates.io/crates/x)\n\nThis library provides [`anyhow::Error`][Error], a trait object based error type\nfor easy idiomatic error handling in Rust applications.\n";
        assert_eq!(
            first_paragraph(readme, 300).as_deref(),
            Some("This library provides `anyhow::Error`, a trait object based error type for easy idiomatic error handling in Rust applications.")
        );
    }

    #[test]
    fn first_paragraph_drops_badges_from_titles() {
        // zustand's examples/starter/README.md: a one-word title with a badge, then set-up steps.
        let readme = "# Starter [![Open in StackBlitz](https://img.shields.io/badge/x)](https://stackblitz.com/x)\n\n## Set up locally\n\n```bash\npnpm dev\n```\n\n## Set up on `StackBlitz`\n\nLink: https://stackblitz.com/x\n";
        assert_eq!(first_paragraph(readme, 300), None);
        assert_eq!(
            plain_text("A ![logo](l.png) tool [![CI](b.svg)](https://ci) for [x](https://x)."),
            "A tool for x."
        );
    }

    #[test]
    fn a_doc_that_is_a_list_is_told_apart() {
        assert!(is_list_doc(
            "* custom-handler - Use a custom handler\n* custom-method - Add a method"
        ));
        assert!(is_list_doc("1. Install Go."));
        assert!(!is_list_doc("Serves the docs.\n* a list after a sentence"));
        assert!(!is_list_doc("-1 is returned on failure."));
    }

    #[test]
    fn first_paragraph_reads_an_html_tagline_and_passes_over_tables() {
        // axios: sponsors in an HTML table, the logo, then the tagline as an HTML paragraph.
        let readme = "<table><tr><td><a href=\"https://x.org\">Sponsor</a></td></tr></table>\n\n\
            <div align=\"center\">\n<img src=\"logo.svg\" />\n</div>\n\n\
            <p align=\"center\">Promise based HTTP client for the browser and node.js</p>\n\n\
            ## Features\n\nMakes requests.\n";
        assert_eq!(
            first_paragraph(readme, 300).as_deref(),
            Some("Promise based HTTP client for the browser and node.js")
        );
        // tomli: a short quoted tagline, then a table of contents' caption.
        let tomli = "# Tomli\n\n> A lil' TOML parser\n\n**Table of Contents** *generated with [mdformat-toc](https://x.org)*\n\n<!-- mdformat-toc start -->\n\n- [Intro](#intro)\n";
        assert_eq!(
            first_paragraph(tomli, 300).as_deref(),
            Some("A lil' TOML parser")
        );
        // kleur: the tagline is a centred `<div>`; a notice follows under "Features".
        let kleur = "<div align=\"center\">\n  <img src=\"shots/logo.png\" />\n</div>\n\n\
            <div align=\"center\">The fastest Node.js library for colors~!</div>\n\n\
            ## Features\n\n* No dependencies\n\n---\n\n\
            As of `v3.0` the Chalk-style syntax is no longer used.<br>Please visit History.\n";
        assert_eq!(
            first_paragraph(kleur, 300).as_deref(),
            Some("The fastest Node.js library for colors~!")
        );
        assert_eq!(
            plain_text("no longer used.<br>Please visit.<br/>Or<BR />not"),
            "no longer used. Please visit. Or not"
        );
        let table = "# Tool\n\n![Chrome](c.png) | ![Firefox](f.png) |\n--- | --- |\n\
            Latest ✔ | Latest ✔ |\n\nTool sends requests and reads the answers.\n";
        assert_eq!(
            first_paragraph(table, 300).as_deref(),
            Some("Tool sends requests and reads the answers.")
        );
    }

    #[test]
    fn first_paragraph_prefers_prose_to_a_line_of_links() {
        let readme = "<p align=\"center\">\n  <em>Shines.</em>\n</p>\n\n---\n\n\
            **Documentation**: <a href=\"https://www.example.org/\">https://www.example.org</a>\n\n\
            ---\n\n# Tool\n\nTool is a lightweight [ASGI][asgi] toolkit,\n\
            see [the docs](https://example.org) or <https://example.org>.\n";
        assert_eq!(
            first_paragraph(readme, 300).as_deref(),
            Some("Tool is a lightweight ASGI toolkit, see the docs or https://example.org.")
        );
        let list =
            "chi examples\n============\n\n* [a](https://x.org/a) - Use a custom handler\n  \
            continued here\n* [b](https://x.org/b) - Add a method\n\n1. `go get` - fetch deps\n\n\
            ## About\n\nRun any of them with go run.\n";
        assert_eq!(
            first_paragraph(list, 300).as_deref(),
            Some("Run any of them with go run.")
        );
        // What follows "Usage" tells how to use it; a title of three words says what it is.
        let usage =
            "# Syslog Hooks for Logrus <img src=\"x.png\"/>\n\n## Usage\n\n```go\nx()\n```\n\n\
            If you want to connect to local syslog, pass empty strings.\n";
        assert_eq!(
            first_paragraph(usage, 300).as_deref(),
            Some("Syslog Hooks for Logrus")
        );
        assert_eq!(
            plain_text("**Fast**, _rich_ and *plain*. Keeps snake_case, `__init__.py` and a * b."),
            "Fast, rich and plain. Keeps snake_case, `__init__.py` and a * b."
        );
        // typer's README: emphasis around a run of words.
        assert_eq!(
            plain_text("users will **love using** and _very much_, a_b c_d, *x y*."),
            "users will love using and very much, a_b c_d, x y."
        );
        let sponsored = "<div align=\"center\">\n\t<p>\n\t\t<sup>\n\t\t\tSupported by the community.<br>Special thanks to:\n\
            \t\t</sup>\n\t</p>\n</div>\n\n> Ky is a tiny and elegant HTTP client based on the [Fetch API](https://x.org)\n";
        assert_eq!(
            first_paragraph(sponsored, 300).as_deref(),
            Some("Ky is a tiny and elegant HTTP client based on the Fetch API")
        );
        let languages = "[English readme](https://x.org/README.md)\n • [简体中文 readme](https://x.org/README.cn.md)\n \
            • [Lengua española readme](https://x.org/README.es.md)\n\n\
            Rich is a Python library for _rich_ text and beautiful formatting in the terminal.\n";
        assert_eq!(
            first_paragraph(languages, 300).as_deref(),
            Some(
                "Rich is a Python library for rich text and beautiful formatting in the terminal."
            )
        );
        let links_only = "# T\n\n**Docs**: <a href=\"https://x.org\">https://x.org</a>\n";
        assert_eq!(first_paragraph(links_only, 300), None);
        assert_eq!(
            first_paragraph("Uses a < b and <br> tags.", 300).as_deref(),
            Some("Uses a < b and tags.")
        );
    }
}
