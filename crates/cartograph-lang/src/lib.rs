//! Turns a file's text into its structural map: symbols, doc comments, imports, a count of syntax
//! errors and a hash of the syntax tree without trivia. It does no IO and never fails: broken or
//! strange input is data, counted in `ParsedFile::syntax_errors`.
//!
//! Every code language is one module under `languages/` and one tree-sitter query under
//! `queries/`; `engine` runs both. Markdown has no grammar: a line scanner finds its headings.

mod bases;
mod calls;
mod cargo;
mod command_flags;
mod comments;
mod engine;
mod go_build;
mod languages;
mod manifests;
mod recover;
mod resolve;
mod routes;
mod rust_macros;
mod test_functions;
mod text;

use cartograph_core::{BoxedStr, ContentHash, Language, ParsedFile};

pub use engine::release_parsers;
pub use resolve::resolve_imports;

/// Version of the extractor. Bump it whenever the output of `parse` changes for the same input;
/// it is part of every cache key of parsed maps.
pub const EXTRACTOR_VERSION: u32 = 112;

/// Parses `source` as `language`. Never fails and never panics: syntax errors are counted in
/// `ParsedFile::syntax_errors`. Non-code languages: Markdown gets its headings as symbols
/// (SymbolKind::Heading, name = heading text, line span = the section until the next heading of
/// the same or higher level), Toml/Json/Yaml/Text get an empty ParsedFile (doc None, except the
/// paragraph under a reStructuredText document's title) but still a
/// semantic_hash (hash of the text with trailing whitespace per line trimmed), plus what import
/// resolution reads from manifests: a `Cargo.toml`'s package, a `package.json`'s or
/// `tsconfig.json`'s fields, a `lerna.json`'s or `pnpm-workspace.yaml`'s workspace globs, a
/// `composer.json`'s autoload rules, a `go.mod`'s module, pytest's `pythonpath`.
pub fn parse(language: Language, source: &str) -> ParsedFile {
    if language == Language::Markdown {
        return languages::markdown::parse(source);
    }
    match languages::support(language) {
        Some(support) => engine::parse_code(language, support, source),
        None => ParsedFile {
            semantic_hash: Some(text_hash(source)),
            cargo: (language == Language::Toml)
                .then(|| cargo::cargo_package(source))
                .flatten()
                .map(Box::new),
            composer: (language == Language::Json)
                .then(|| manifests::composer_autoload(source))
                .flatten()
                .map(Box::new),
            // `pnpm-workspace.yaml`: the resolver reads it only from files of that name.
            js_manifest: match language {
                Language::Json => manifests::js_manifest(source),
                Language::Yaml => manifests::pnpm_workspace(source),
                _ => None,
            }
            .map(Box::new),
            go_module: (language == Language::Text)
                .then(|| manifests::go_module(source))
                .flatten()
                .map(Box::new),
            python_paths: match language {
                Language::Toml => manifests::pytest_pythonpath(source, true),
                Language::Text => manifests::pytest_pythonpath(source, false),
                _ => Vec::new(),
            }
            .into_iter()
            .map(BoxedStr::from)
            .collect(),
            doc: (language == Language::Text)
                .then(|| {
                    languages::markdown::restructured_text_doc(source)
                        .or_else(|| markup_title(source))
                })
                .flatten(),
            ..ParsedFile::default()
        },
    }
}

/// The `<title>` of an HTML, XML or SVG text (commons-cli's Maven site pages, `<document>
/// <properties><title>Download Apache Commons CLI</title>`): "The page titled “…”.", "An
/// image titled “…”."; `None` for other text, or one without a title.
fn markup_title(source: &str) -> Option<String> {
    const HEAD_BYTES: usize = 8192;
    let text = source.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('<') {
        return None;
    }
    let mut end = text.len().min(HEAD_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let lower = head.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let close = start + lower[start..].find("</title>")?;
    let title: String = head[start..close]
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if title.chars().count() < 2 || title.chars().count() > 120 || title.contains('<') {
        return None;
    }
    let what = if lower.contains("<svg") {
        "An image"
    } else {
        "The page"
    };
    Some(format!("{what} titled \u{201c}{title}\u{201d}."))
}

/// The hash of a text without its trailing whitespace per line: what non-code files and files too
/// large or too slow to parse get as their `semantic_hash`.
pub(crate) fn text_hash(source: &str) -> ContentHash {
    let mut hasher = blake3::Hasher::new();
    for line in source.lines() {
        hasher.update(line.trim_end().as_bytes());
        hasher.update(b"\n");
    }
    ContentHash::from(hasher.finalize())
}

#[cfg(test)]
mod tests;
