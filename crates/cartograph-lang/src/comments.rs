//! Doc comments: which comments document something in each language, how they attach to a
//! definition or to the whole file, and how their markers are cleaned away. Works on the list of
//! comments and attributes that the walk over the syntax tree collected; it never walks the tree.

use crate::text;

/// How a language writes documentation in comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommentStyle {
    /// `///` and `/** */` document the next item; `//!` and `/*! */` the enclosing module.
    Rust,
    /// A `/** */` block or consecutive `//` / `///` lines directly above; with `plain_blocks`, a
    /// plain `/* */` block too (C and C++ code documents functions that way).
    CFamily { plain_blocks: bool },
    /// Consecutive `//` lines, or a `/* */` block, directly above (Go).
    Slashes,
    /// Consecutive `#` lines directly above (Ruby, Bash).
    Hash,
    /// Comments never document anything (Python, whose docs are docstrings).
    None,
}

/// A comment or an attribute (`#[...]`, `@Decorator`, `[Attr]`) found by the walk, in document
/// order. `end` leaves out trailing whitespace, so the text after it starts with the newline.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Trivia {
    pub start: usize,
    pub end: usize,
    pub start_row: usize,
    pub end_row: usize,
    pub is_attribute: bool,
}

impl Trivia {
    pub(crate) fn text<'s>(&self, source: &'s str) -> &'s str {
        source.get(self.start..self.end).unwrap_or("")
    }
}

fn is_block(text: &str) -> bool {
    text.starts_with("/*")
}

impl CommentStyle {
    /// True when a comment written this way may document the definition below it.
    fn documents_next(self, text: &str) -> bool {
        match self {
            CommentStyle::Rust => is_rust_outer_doc(text),
            CommentStyle::CFamily { plain_blocks } => {
                text.starts_with("//")
                    || is_javadoc(text)
                    || (plain_blocks && is_block(text) && text != "/**/")
            }
            CommentStyle::Slashes => text.starts_with("//") || is_block(text),
            CommentStyle::Hash => text.starts_with('#') && !text.starts_with("#!"),
            CommentStyle::None => false,
        }
    }

    /// True when the comment is a doc comment by its syntax alone, so the semantic hash keeps it.
    /// Docs that are ordinary comments by syntax (Go, Ruby, `//` lines) enter the hash through
    /// the extracted `doc` fields instead.
    pub(crate) fn is_syntactic_doc(self, text: &str) -> bool {
        match self {
            CommentStyle::Rust => is_rust_outer_doc(text) || is_rust_inner_doc(text),
            CommentStyle::CFamily { .. } => {
                is_javadoc(text) || (text.starts_with("///") && !text.starts_with("////"))
            }
            CommentStyle::Slashes | CommentStyle::Hash | CommentStyle::None => false,
        }
    }
}

fn is_javadoc(text: &str) -> bool {
    text.starts_with("/**") && !text.starts_with("/***") && text != "/**/"
}

pub(crate) fn is_rust_outer_doc(text: &str) -> bool {
    (text.starts_with("///") && !text.starts_with("////")) || is_javadoc(text)
}

pub(crate) fn is_rust_inner_doc(text: &str) -> bool {
    text.starts_with("//!") || text.starts_with("/*!")
}

/// A `/** */` doc block one blank line above the definition still documents it, as JSDoc reads
/// it (express writes every doc so), unless it opens the file: a file's leading `/** ... */`
/// before a blank line is the file's, not the first definition's.
fn loosely_adjacent_doc(
    style: CommentStyle,
    trivia: &[Trivia],
    index: usize,
    source: &str,
    anchor: usize,
) -> bool {
    let Some(item) = trivia.get(index) else {
        return false;
    };
    let comment = item.text(source);
    let Some(gap) = source.as_bytes().get(item.end..anchor) else {
        return false;
    };
    gap.iter().all(u8::is_ascii_whitespace)
        && gap.iter().filter(|byte| **byte == b'\n').count() == 2
        && matches!(style, CommentStyle::CFamily { .. })
        && is_javadoc(comment)
        && has_code_before(&trivia[..index], source, item.start)
}

/// True when code comes before byte `end`: anything but whitespace, comments and a preamble (a
/// shebang line, PHP's `<?php`, a `'use strict'` directive).
fn has_code_before(trivia: &[Trivia], source: &str, end: usize) -> bool {
    let bytes = source.as_bytes();
    let mut position = if source.starts_with("#!") {
        source.find('\n').unwrap_or(source.len())
    } else {
        0
    };
    for preamble in ["<?php", "'use strict';", "\"use strict\";"] {
        let rest = source.get(position..).unwrap_or_default();
        let skipped = rest.len() - rest.trim_start().len();
        if rest.trim_start().starts_with(preamble) {
            position += skipped + preamble.len();
        }
    }
    let is_code = |from: usize, to: usize| {
        bytes
            .get(from..to)
            .is_some_and(|gap| !gap.iter().all(u8::is_ascii_whitespace))
    };
    for item in trivia {
        if is_code(position, item.start) {
            return true;
        }
        position = position.max(item.end);
    }
    is_code(position, end)
}

/// True when only whitespace, with at most one line break, separates two pieces of text: the
/// first sits directly above (or before, on the same line) the second.
fn directly_adjacent(source: &str, end: usize, start: usize) -> bool {
    let Some(gap) = source.as_bytes().get(end..start) else {
        return false;
    };
    gap.iter().all(u8::is_ascii_whitespace)
        && gap.iter().filter(|byte| **byte == b'\n').count() <= 1
}

/// The doc comment of the definition whose text (wrappers included) starts at byte `anchor`:
/// the comments of `style` directly above it, stepping over attributes in between.
/// The line comment that follows `end` on its own line (`Invalid = Variant(iota) // Invalid
/// UUID`), cleaned; `None` when the line goes on with code or has no comment.
pub(crate) fn trailing_comment(trivia: &[Trivia], source: &str, end: usize) -> Option<String> {
    let index = trivia.partition_point(|item| item.start < end);
    let item = trivia.get(index)?;
    let between = source.get(end..item.start)?;
    if item.is_attribute || between.contains('\n') || !between.trim().is_empty() {
        return None;
    }
    let text = item.text(source);
    if !text.starts_with("//") || is_directive(text) {
        return None;
    }
    clean(&[text])
}

pub(crate) fn symbol_doc(
    style: CommentStyle,
    trivia: &[Trivia],
    source: &str,
    anchor: usize,
) -> Option<String> {
    let mut anchor = anchor;
    let mut index = trivia.partition_point(|item| item.end <= anchor);
    let mut picked: Vec<&str> = Vec::new();
    let mut picked_block = false;
    while index > 0 {
        index -= 1;
        let item = &trivia[index];
        let adjacent = directly_adjacent(source, item.end, anchor)
            || (picked.is_empty()
                && !item.is_attribute
                && loosely_adjacent_doc(style, trivia, index, source, anchor));
        if !adjacent {
            break;
        }
        anchor = item.start;
        if item.is_attribute {
            continue;
        }
        let comment = item.text(source);
        if !text::is_first_on_line(source, item.start) {
            break;
        }
        // Tool directives (`// eslint-disable-next-line`, `//go:noinline`) sit between a doc and
        // its definition without being part of either; rustdoc likewise passes over plain
        // comments.
        let plain_rust_comment = style == CommentStyle::Rust && !style.documents_next(comment);
        if is_directive(comment) || plain_rust_comment {
            continue;
        }
        if !style.documents_next(comment) {
            break;
        }
        // Outside Rust, a doc is either one block or one run of line comments, not both.
        let block = is_block(comment);
        // A `/** */` doc over plain `//` lines is the doc, as Javadoc, JSDoc and TypeScript
        // read it (gson's `TypeAdapter`: its Javadoc, then `// non-Javadoc:` notes, then the
        // class).
        if matches!(style, CommentStyle::CFamily { .. })
            && is_javadoc(comment)
            && !picked_block
            && !picked.is_empty()
        {
            picked.clear();
            picked.push(comment);
            break;
        }
        if style != CommentStyle::Rust && (picked_block || (block && !picked.is_empty())) {
            break;
        }
        picked_block |= block;
        picked.push(comment);
    }
    picked.reverse();
    clean(&picked).filter(|doc| !is_note_to_self(doc) && !is_label(doc))
}

/// A comment that is one bare name (zod's `// ZodString` over `_ZodString`, a `// helpers`
/// above a group): a label of the section, which says nothing of the definition under it.
fn is_label(doc: &str) -> bool {
    !doc.is_empty()
        && doc
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '$'))
}

/// A `TODO`, `FIXME`, `XXX` or `HACK` note: a comment about work left, not a description of
/// what follows (chalk's `// TODO: When targeting Node.js 16, use String.prototype.replaceAll.`
/// over `stringReplaceAll`).
fn is_note_to_self(doc: &str) -> bool {
    ["TODO", "FIXME", "XXX", "HACK"].iter().any(|marker| {
        doc.strip_prefix(marker)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', ' ', '(', '!', '-', ',']))
    })
}

/// Leading comment blocks of a file, before any code: each either one block comment or a run of
/// line comments on consecutive lines. Directives (a shebang, magic comments) are left out.
fn leading_blocks<'t>(
    trivia: &'t [Trivia],
    source: &str,
    code_start: usize,
) -> Vec<Vec<&'t Trivia>> {
    let mut blocks: Vec<Vec<&Trivia>> = Vec::new();
    for item in trivia.iter().take_while(|item| item.end <= code_start) {
        let comment = item.text(source);
        if item.is_attribute || is_directive(comment) {
            continue;
        }
        let joins_previous = !is_block(comment)
            && blocks
                .last()
                .and_then(|block| block.last())
                .is_some_and(|previous| {
                    !is_block(previous.text(source)) && previous.end_row + 1 == item.start_row
                });
        match blocks.last_mut() {
            Some(block) if joins_previous => block.push(item),
            _ => blocks.push(vec![item]),
        }
    }
    blocks
}

/// Comments addressed to tools rather than readers: linters, formatters, type checkers,
/// compilers (`//go:build`), editors, and the magic comments of Ruby and Python files.
pub(crate) fn is_directive(comment: &str) -> bool {
    let body = comment
        .trim_start_matches(['/', '*', '#', '!'])
        .trim_end_matches(['*', '/'])
        .trim();
    const DIRECTIVES: &[&str] = &[
        "eslint",
        "@ts-",
        "prettier-ignore",
        "istanbul ",
        "c8 ",
        "tslint:",
        "jshint",
        "global ",
        "@flow",
        "@jsx",
        "<reference ",
        "webpack",
        "go:",
        "nolint",
        "NOLINT",
        "lint:",
        "rubocop:",
        "shellcheck ",
        "noqa",
        // gosec's and Sonar's suppressions (echo's `CSRFToken = "csrf" // nosec G101`).
        "nosec",
        "NOSONAR",
        "pylint:",
        "type: ignore",
        "fmt: ",
        "clang-format ",
        "cppcheck-",
        "-*-",
        "#region",
        "#endregion",
        "region ",
        "endregion",
        "vim:",
        "frozen_string_literal:",
        "encoding:",
        "coding:",
        "typed:",
        "warn_indent:",
        "shareable_constant_value:",
    ];
    comment.starts_with("#!")
        || DIRECTIVES
            .iter()
            .any(|directive| body.starts_with(directive))
}

/// True for a licence header rather than a description of the file.
pub(crate) fn is_licence(text: &str) -> bool {
    [
        "Copyright",
        "copyright",
        "COPYRIGHT",
        "SPDX-License-Identifier",
        "License",
        "LICENSE",
    ]
    .iter()
    .any(|word| text.contains(word))
}

/// The file's doc from its leading comment blocks: the first block, or the second when the
/// first is a licence header. A block directly above a definition documents that definition,
/// not the file (`attached` answers whether a definition starts on a 1-based line).
pub(crate) fn leading_file_doc(
    trivia: &[Trivia],
    source: &str,
    code_start: usize,
    attached: &dyn Fn(u32) -> bool,
) -> Option<String> {
    let blocks = leading_blocks(trivia, source, code_start);
    let mut blocks = blocks.iter();
    let mut block = blocks.next()?;
    let texts = |block: &Vec<&Trivia>| -> Vec<&str> {
        block.iter().map(|item| item.text(source)).collect()
    };
    if texts(block).iter().any(|comment| is_licence(comment)) {
        block = blocks.next()?;
    }
    // A one-word title over the description on the next line (cJSON's `/* cJSON */` over
    // `/* JSON parser in C. */`) gives way to it.
    let title_only = clean(&texts(block))
        .is_some_and(|doc| doc.split_whitespace().count() == 1 && !doc.ends_with(['.', '!', '?']));
    if title_only {
        if let Some(next) = blocks.clone().next().filter(|next| {
            next.first().is_some_and(|first| {
                first.start_row == block.last().map_or(0, |last| last.end_row) + 1
            })
        }) {
            block = next;
        }
    }
    let last = block.last()?;
    if attached(text::row_to_line(last.end_row).saturating_add(1)) {
        return None;
    }
    // The last block over a branch or loop of the file's top level says what that statement
    // does (debug's `index.js`: "Detect Electron renderer / nwjs process…" over the `if` that
    // picks the browser or the Node build), not what the file is.
    if blocks.clone().next().is_none() && opens_control_statement(source.get(code_start..)) {
        return None;
    }
    if texts(block)
        .iter()
        .any(|comment| documents_a_definition(comment))
    {
        return None;
    }
    let doc = clean(&texts(block)).filter(|doc| !is_note_to_self(doc))?;
    // A short label right above the code (sinatra's `# external dependencies` over its
    // `require`s, C's `/* system headers */`) names that code, not the file.
    let code_row = source
        .get(..code_start)
        .map_or(0, |before| before.matches('\n').count());
    // So does a note in lower case right above it (cJSON_Utils.c's `/* disable warnings about
    // old C89 functions in MSVC */` over an `#if`): a remark on the lines below, not a title.
    let note = doc.starts_with(|c: char| c.is_lowercase());
    let label = !doc.contains('\n')
        && (note || (doc.split_whitespace().count() <= 3 && !doc.ends_with(['.', '!', '?'])))
        && last.end_row + 1 == code_row;
    (!label).then_some(doc)
}

/// True when `code` starts a brace language's branch or loop: `if (`, `for (`, `while (`,
/// `switch (`, `try {`. A shell's `if [` and Python's `if x:` are not matched.
fn opens_control_statement(code: Option<&str>) -> bool {
    let Some(code) = code else {
        return false;
    };
    ["if", "for", "while", "switch", "try"]
        .iter()
        .any(|keyword| {
            code.strip_prefix(keyword)
                .is_some_and(|rest| rest.trim_start().starts_with(['(', '{']))
        })
}

/// A JSDoc block whose tags say it documents the statement below it (`@private`, `@param`, the
/// dox-style `@api private` over `Module dependencies.`), not the file; `@file`, `@fileoverview`
/// and `@module` say the opposite.
fn documents_a_definition(comment: &str) -> bool {
    if !is_javadoc(comment) {
        return false;
    }
    let tags: Vec<&str> = comment
        .lines()
        .filter_map(|line| {
            let line = line.trim().trim_start_matches('*').trim();
            line.starts_with('@')
                .then(|| line.split_whitespace().next())
                .flatten()
        })
        .collect();
    let file_tag = tags
        .iter()
        .any(|tag| matches!(*tag, "@file" | "@fileoverview" | "@overview" | "@module"));
    let definition_tag = tags.iter().any(|tag| {
        matches!(
            *tag,
            "@private"
                | "@public"
                | "@protected"
                | "@internal"
                | "@api"
                | "@param"
                | "@return"
                | "@returns"
                | "@type"
                | "@constructor"
                | "@class"
        )
    });
    definition_tag && !file_tag
}

/// The text of doc comments without their markers, joined with '\n' and trimmed; `None` when
/// nothing is left.
pub(crate) fn clean(comments: &[&str]) -> Option<String> {
    let mut lines: Vec<String> = Vec::new();
    for comment in comments {
        clean_comment(comment, &mut lines);
    }
    for line in &mut lines {
        if is_rule(line) || is_banner(line) {
            line.clear();
        }
    }
    join_lines(lines)
}

/// A line framed by rules (zod's `//////////   ZodISODateTime   //////////`, `=== Setup ===`):
/// the title of a section of the file, not the doc of what follows it.
fn is_banner(line: &str) -> bool {
    let line = line.trim();
    let Some(first) = line.chars().next().filter(|c| "/*=-#~_+".contains(*c)) else {
        return false;
    };
    let lead = line.chars().take_while(|c| *c == first).count();
    let trail = line.chars().rev().take_while(|c| *c == first).count();
    lead >= 3 && trail >= 3 && lead + trail < line.chars().count()
}

/// A line drawn with one character (`//////`, `*****`, `=====`): decoration, not text.
fn is_rule(line: &str) -> bool {
    let line = line.trim();
    let mut characters = line.chars();
    let Some(first) = characters.next() else {
        return false;
    };
    line.len() >= 3 && "/*=-#~_+".contains(first) && characters.all(|c| c == first)
}

/// Joins lines, dropping blank lines at either end; `None` when nothing is left.
pub(crate) fn join_lines(lines: Vec<String>) -> Option<String> {
    let first = lines.iter().position(|line| !line.trim().is_empty())?;
    let last = lines.iter().rposition(|line| !line.trim().is_empty())?;
    let joined = lines.get(first..=last)?.join("\n");
    let trimmed = joined.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

fn clean_comment(comment: &str, lines: &mut Vec<String>) {
    if let Some(body) = comment.strip_prefix("/*") {
        clean_block(body, lines);
    } else if let Some(body) = comment.strip_prefix("//") {
        let body = body.strip_prefix(['/', '!']).unwrap_or(body);
        lines.push(strip_one_space(body).trim_end().to_string());
    } else if comment.starts_with('#') {
        let body = comment.trim_start_matches('#');
        lines.push(strip_one_space(body).trim_end().to_string());
    } else {
        lines.push(comment.trim_end().to_string());
    }
}

fn strip_one_space(text: &str) -> &str {
    text.strip_prefix(' ').unwrap_or(text)
}

/// Cleans the inside of `/* ... */`: the `*` or `!` that marks a doc block, the closing `*/`, and
/// the leading `*` of each line; lines without a `*` lose their common indentation instead.
fn clean_block(body: &str, lines: &mut Vec<String>) {
    let body = body.strip_suffix("*/").unwrap_or(body);
    let body = body
        .strip_prefix(['*', '!'])
        .unwrap_or(body)
        .trim_end_matches('*');
    let mut block_lines = body.lines();
    let first = block_lines.next().unwrap_or("").trim();
    let rest: Vec<&str> = block_lines.collect();
    let indent = rest
        .iter()
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('*'))
        .map(|line| leading_blanks(line))
        .min()
        .unwrap_or(0);
    lines.push(first.to_string());
    for line in rest {
        let trimmed = line.trim_start();
        let cleaned = match trimmed.strip_prefix('*') {
            Some(after_star) => strip_one_space(after_star),
            None if trimmed.is_empty() => "",
            None => line.get(indent..).unwrap_or(trimmed),
        };
        lines.push(cleaned.trim_end().to_string());
    }
}

/// Number of leading spaces and tabs (both one byte, so the count is also a byte offset).
pub(crate) fn leading_blanks(line: &str) -> usize {
    line.bytes()
        .take_while(|byte| *byte == b' ' || *byte == b'\t')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(comments: &[&str]) -> String {
        clean(comments).unwrap_or_default()
    }

    #[test]
    fn cleans_markers() {
        assert_eq!(
            cleaned(&["/// Adds.", "///", "/// More."]),
            "Adds.\n\nMore."
        );
        assert_eq!(cleaned(&["//! Crate."]), "Crate.");
        assert_eq!(
            cleaned(&["/**\n * Adds.\n *\n *     code\n */"]),
            "Adds.\n\n    code"
        );
        assert_eq!(cleaned(&["/** One line. */"]), "One line.");
        assert_eq!(
            cleaned(&["/*\n    Indented\n      more\n*/"]),
            "Indented\n  more"
        );
        assert_eq!(
            cleaned(&["# Deploys.", "#", "## Usage"]),
            "Deploys.\n\nUsage"
        );
        assert_eq!(clean(&["///", "/**/"]), None);
        assert_eq!(
            cleaned(&["/////////////", "// Parsing helpers.", "// =========="]),
            "Parsing helpers."
        );
        // zod's section banners over a definition are titles of the file's sections.
        assert_eq!(
            clean(&[
                "//////////////////////////////",
                "//////////                          //////////",
                "//////////      ZodISODateTime      //////////",
                "//////////////////////////////",
            ]),
            None
        );
        assert_eq!(
            cleaned(&["// === Setup ===", "// Builds the app."]),
            "Builds the app."
        );
        assert_eq!(cleaned(&["// --- a -> b ---"]), "");
        // A bare name over a definition labels a section (zod's `// ZodString`).
        assert!(is_label("ZodString"));
        assert!(is_label("helpers"));
        assert!(!is_label("Deprecated."));
        assert!(!is_label("Builds the app"));
    }

    #[test]
    fn a_tagged_jsdoc_block_documents_a_definition_not_the_file() {
        assert!(documents_a_definition(
            "/**\n * Module dependencies.\n * @private\n */"
        ));
        // A tag counts at the start of a line only.
        assert!(!documents_a_definition("/** Add. @param {number} a */"));
        assert!(documents_a_definition(
            "/**\n * Add.\n * @param {number} a\n */"
        ));
        assert!(!documents_a_definition(
            "/**\n * @fileoverview The router.\n * @private\n */"
        ));
        assert!(!documents_a_definition("/**\n * The router.\n */"));
        assert!(!documents_a_definition("// @private"));
    }

    #[test]
    fn recognises_doc_comments() {
        assert!(CommentStyle::Rust.documents_next("/// x"));
        assert!(!CommentStyle::Rust.documents_next("//// x"));
        assert!(!CommentStyle::Rust.documents_next("// x"));
        assert!(CommentStyle::Rust.is_syntactic_doc("//! x"));
        let java = CommentStyle::CFamily {
            plain_blocks: false,
        };
        assert!(java.documents_next("/** x */"));
        assert!(!java.documents_next("/* x */"));
        assert!(CommentStyle::CFamily { plain_blocks: true }.documents_next("/* x */"));
        assert!(!CommentStyle::Hash.documents_next("#!/bin/sh"));
    }

    #[test]
    fn directives_are_not_docs() {
        for directive in [
            "// eslint-disable-next-line no-console",
            "/* eslint-disable */",
            "//go:build linux",
            "// @ts-ignore",
            "# frozen_string_literal: true",
            "# shellcheck disable=SC2034",
            "#!/bin/sh",
            "/// <reference path=\"x.d.ts\" />",
        ] {
            assert!(is_directive(directive), "{directive}");
        }
        assert!(!is_directive("// Adds two numbers."));
        assert!(!is_directive("/** Global state. */"));
    }

    #[test]
    fn a_javadoc_over_plain_line_comments_is_the_doc() {
        // gson's `TypeAdapter`.
        let source = "package x;\n\n/**\n * Converts Java objects to and from JSON.\n */\n// non-Javadoc:\n//\n// <h2>JSON Conversion</h2>\npublic abstract class TypeAdapter<T> {}\n";
        let parsed = crate::parse(cartograph_core::Language::Java, source);
        let doc = parsed
            .symbols
            .iter()
            .find(|symbol| &*symbol.name == "TypeAdapter")
            .and_then(|symbol| symbol.doc.as_deref());
        assert_eq!(doc, Some("Converts Java objects to and from JSON."));
        // Line comments alone still document what they sit over.
        let source = "package x;\n\n// Converts things.\npublic class Converter {}\n";
        let parsed = crate::parse(cartograph_core::Language::Java, source);
        assert_eq!(
            parsed
                .symbols
                .first()
                .and_then(|symbol| symbol.doc.as_deref()),
            Some("Converts things.")
        );
    }

    #[test]
    fn a_c_file_s_title_gives_way_to_its_description_and_a_note_over_code_is_no_doc() {
        let licence = "/*\n  Copyright (c) 2009-2017 Dave Gamble\n*/\n\n";
        // cJSON's `cJSON.c`.
        let source = format!("{licence}/* cJSON */\n/* JSON parser in C. */\n\n/* disable warnings about old C89 functions in MSVC */\n#if !defined(_MSC_VER)\n#define X\n#endif\n\nint f(void) {{ return 0; }}\n");
        let parsed = crate::parse(cartograph_core::Language::C, &source);
        assert_eq!(parsed.doc.as_deref(), Some("JSON parser in C."));
        // cJSON's `cJSON_Utils.c`.
        let source = format!("{licence}/* disable warnings about old C89 functions in MSVC */\n#if !defined(_MSC_VER)\n#define X\n#endif\n\nint f(void) {{ return 0; }}\n");
        let parsed = crate::parse(cartograph_core::Language::C, &source);
        assert_eq!(parsed.doc, None);
        // A sentence right above the code is still the file's.
        let source = format!("{licence}/* Parses JSON text into a tree. */\n#include <stdio.h>\n");
        let parsed = crate::parse(cartograph_core::Language::C, &source);
        assert_eq!(parsed.doc.as_deref(), Some("Parses JSON text into a tree."));
    }

    #[test]
    fn a_note_to_self_documents_nothing() {
        // chalk's `utilities.js`.
        let source = "// TODO: When targeting Node.js 16, use String.prototype.replaceAll.\nexport function stringReplaceAll(string) {}\n\n// Todo lists are kept here.\nexport function todo() {}\n";
        let parsed = crate::parse(cartograph_core::Language::JavaScript, source);
        let docs: Vec<Option<&str>> = parsed
            .symbols
            .iter()
            .map(|symbol| symbol.doc.as_deref())
            .collect();
        assert_eq!(docs, vec![None, Some("Todo lists are kept here.")]);
        assert!(is_note_to_self("FIXME(alice) broken"));
        assert!(!is_note_to_self("TODOs are listed here."));
    }

    #[test]
    fn licence_headers() {
        assert!(is_licence("// Copyright 2024 Someone"));
        assert!(is_licence("/* SPDX-License-Identifier: MIT */"));
        assert!(!is_licence("/** Parses things. */"));
    }
}
