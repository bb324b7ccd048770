//! The tools' inputs and outputs (their JSON Schemas are what clients see) and the work of
//! each, done on a snapshot: plain functions, so each can be tested without a transport. Every
//! text an output carries has passed the secret gate.

use crate::read::{read_lines, readable_file};
use crate::snapshot::Snapshot;
use crate::McpError;
use cartograph_core::{FileMap, Symbol, SymbolKind, Visibility};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::path::Path;

/// The longest text argument accepted (a query, a question, a name or a path), in bytes.
pub const MAX_ARGUMENT_BYTES: usize = 4096;
/// How many files and symbols `search` lists at most.
const MAX_LISTED: usize = 50;
/// How many places `symbol` lists per definition at most.
const MAX_USES: usize = 100;

/// Refuses text arguments past [`MAX_ARGUMENT_BYTES`] and empty ones.
pub fn check_argument(name: &str, value: &str) -> Result<(), McpError> {
    if value.len() > MAX_ARGUMENT_BYTES {
        return Err(McpError::Refused(format!(
            "refused: `{name}` is {} bytes, over the limit of {MAX_ARGUMENT_BYTES}",
            value.len()
        )));
    }
    if value.trim().is_empty() {
        return Err(McpError::Refused(format!("`{name}` must not be empty")));
    }
    Ok(())
}

/// Numbers may come as JSON numbers or as text (`"50"`): some clients, the MCP Inspector's
/// command line among them, send every argument as a string.
fn lenient_number<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr + Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumberOrText<T> {
        Number(T),
        Text(String),
    }
    match Option::<NumberOrText<T>>::deserialize(deserializer)? {
        None => Ok(None),
        Some(NumberOrText::Number(number)) => Ok(Some(number)),
        Some(NumberOrText::Text(text)) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("expected a number, found `{text}`"))),
    }
}

fn redact(text: &str) -> String {
    cartograph_pipeline::gate::redact(text).0
}

// ---------------------------------------------------------------------------------------------
// search

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SearchInput {
    /// What to look for, in words or identifiers: "how are retries paced?".
    pub query: String,
    /// Return only the selection that fits in this many o200k tokens (default: the run
    /// phase's context budget).
    #[serde(default, deserialize_with = "lenient_number")]
    pub max_tokens: Option<u32>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SearchOutput {
    pub query: String,
    /// The token budget the selection fills.
    pub budget_tokens: u32,
    pub used_tokens: u32,
    /// Best first.
    pub files: Vec<SearchFile>,
    pub symbols: Vec<SearchSymbol>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SearchFile {
    pub path: String,
    pub score: f64,
    /// o200k tokens of what would be sent for this file.
    pub tokens: u32,
    /// `source`, `summary` or `outline`.
    pub sent_as: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SearchSymbol {
    pub path: String,
    pub name: String,
    pub kind: String,
    /// 1-based.
    pub line: u32,
    pub score: f64,
}

/// `semantic`: the similarity ranking to fuse with the lexical one, when embeddings are on;
/// `history`: the repository's past commits, when it has them.
pub fn search(
    snapshot: &Snapshot,
    root: &Path,
    input: &SearchInput,
    default_budget: u32,
    semantic: Option<&cartograph_lens::Semantic>,
    history: Option<&cartograph_lens::History>,
) -> Result<SearchOutput, McpError> {
    check_argument("query", &input.query)?;
    let budget = input.max_tokens.unwrap_or(default_budget);
    let result = snapshot
        .index
        .rank_with_history(root, &input.query, budget, semantic, history);
    Ok(SearchOutput {
        query: input.query.clone(),
        budget_tokens: result.budget_tokens,
        used_tokens: result.used_tokens,
        files: result
            .files
            .iter()
            .take(MAX_LISTED)
            .map(|file| SearchFile {
                path: file.path.to_string(),
                score: file.score,
                tokens: file.tokens,
                sent_as: serde_json::to_value(file.sent_as)
                    .ok()
                    .and_then(|value| value.as_str().map(str::to_string))
                    .unwrap_or_default(),
                reasons: file.reasons.clone(),
            })
            .collect(),
        symbols: result
            .symbols
            .iter()
            .take(MAX_LISTED)
            .map(|symbol| SearchSymbol {
                path: symbol.path.to_string(),
                name: symbol.name.to_string(),
                kind: symbol.kind.as_str().to_string(),
                line: symbol.line,
                score: symbol.score,
            })
            .collect(),
    })
}

impl SearchOutput {
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{} file(s) for \"{}\", {} of {} tokens\n",
            self.files.len(),
            self.query,
            self.used_tokens,
            self.budget_tokens
        );
        for (rank, file) in self.files.iter().enumerate() {
            let _ = writeln!(
                out,
                "{}. {}  score {:.3}, {} tokens as {}",
                rank + 1,
                file.path,
                file.score,
                file.tokens,
                file.sent_as
            );
            for reason in &file.reasons {
                let _ = writeln!(out, "   {reason}");
            }
        }
        if !self.symbols.is_empty() {
            out.push_str("symbols:\n");
            for symbol in &self.symbols {
                let _ = writeln!(
                    out,
                    "- {}:{}  {} {}  ({:.3})",
                    symbol.path, symbol.line, symbol.kind, symbol.name, symbol.score
                );
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// symbol

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SymbolInput {
    /// A symbol name (`Retry`), or `path::name` to pick the definitions in one file
    /// (`src/retry.rs::Retry`); `Parent.name` picks a member; a qualified path
    /// (`hir::Hir`, `crate::retry::Policy`, `Policy::new`, `pkg.core` as `pkg::core::name`)
    /// picks definitions whose module or enclosing type it names.
    pub name: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SymbolOutput {
    pub name: String,
    pub definitions: Vec<Definition>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Definition {
    pub path: String,
    pub name: String,
    pub kind: String,
    /// 1-based, inclusive.
    pub line: u32,
    pub end_line: u32,
    pub signature: String,
    pub doc: Option<String>,
    pub public: bool,
    /// The enclosing class, impl, trait or module.
    pub parent: Option<String>,
    /// Files that use this definition, best known first.
    pub used_in: Vec<Use>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Use {
    pub path: String,
    /// 1-based lines where the name occurs.
    pub lines: Vec<u32>,
}

/// Whether a definition is part of its file's public surface: declared public, or (where the
/// language has no visibility) not named private by convention.
pub fn is_public(symbol: &Symbol) -> bool {
    match symbol.visibility {
        Some(Visibility::Public) => true,
        None => !symbol.name.starts_with('_'),
        Some(_) => false,
    }
}

pub fn symbol(
    snapshot: &Snapshot,
    root: &Path,
    input: &SymbolInput,
) -> Result<SymbolOutput, McpError> {
    check_argument("name", &input.name)?;
    let wanted = Qualified::parse(&input.name);
    let name = wanted.name;
    let definitions: Vec<Definition> = snapshot
        .definitions(name)
        .into_iter()
        .filter(|(file, _)| !file.flags.secret)
        .filter(|(file, symbol)| wanted.admits(file, symbol))
        .filter(|(_, symbol)| symbol.kind != SymbolKind::Heading)
        .map(|(file, symbol)| Definition {
            path: file.path.to_string(),
            name: symbol.name.to_string(),
            kind: symbol.kind.as_str().to_string(),
            line: symbol.line,
            end_line: symbol.end_line,
            signature: redact(&symbol.signature),
            doc: symbol.doc.as_deref().map(redact),
            public: is_public(symbol),
            parent: symbol.parent.as_deref().map(str::to_string),
            used_in: uses(snapshot, root, file, &symbol.name),
        })
        .collect();
    if definitions.is_empty() {
        return Err(McpError::NotFound(format!(
            "no definition of `{}` in the index",
            input.name
        )));
    }
    Ok(SymbolOutput {
        name: input.name.clone(),
        definitions,
    })
}

/// What a `symbol` call asks for: a bare name, `path/to/file.py::name`, `Type.member`, or a
/// qualified path `module::name` / `Type::method` (`crate::hir::Hir`, `regex_syntax::hir::Hir`).
struct Qualified<'a> {
    name: &'a str,
    file: Option<&'a str>,
    /// `Type.member`: the member's enclosing definition.
    parent: Option<&'a str>,
    /// `a::b::name`: module path segments or an enclosing type, whichever matches.
    scope: Vec<&'a str>,
}

impl<'a> Qualified<'a> {
    fn parse(text: &'a str) -> Qualified<'a> {
        let (file, scope, name) = match text.rsplit_once("::") {
            Some((path, name)) if path.contains('/') || path.contains('.') => {
                (Some(path), Vec::new(), name)
            }
            Some((scope, name)) if !name.is_empty() => (
                None,
                scope
                    .split("::")
                    .filter(|part| !matches!(*part, "" | "crate" | "self" | "super"))
                    .collect(),
                name,
            ),
            _ => (None, Vec::new(), text),
        };
        let (parent, name) = match name.rsplit_once('.') {
            Some((parent, member)) if !member.is_empty() => (Some(parent), member),
            _ => (None, name),
        };
        Qualified {
            name,
            file,
            parent,
            scope,
        }
    }

    fn admits(&self, file: &FileMap, symbol: &Symbol) -> bool {
        if self.file.is_some_and(|path| file.path.as_str() != path) {
            return false;
        }
        if self
            .parent
            .is_some_and(|parent| symbol.parent.as_deref() != Some(parent))
        {
            return false;
        }
        let Some(last) = self.scope.last() else {
            return true;
        };
        // `Type::method`, or a module path that the file's own path ends with (a leading crate
        // or package name may be the directory the repository was checked out into).
        if symbol.parent.as_deref() == Some(*last) {
            return true;
        }
        let module = module_segments(&file.path);
        let scope: Vec<String> = self
            .scope
            .iter()
            .map(|part| part.replace('-', "_"))
            .collect();
        module.ends_with(&scope) || (scope.len() > 1 && module.ends_with(&scope[1..]))
    }
}

/// The module a file is, as path segments: `src/hir/translate.rs` → `hir`, `translate`;
/// `mod.rs`, `lib.rs`, `main.rs`, `__init__.py` and `index.*` name their directory; `src`
/// directories are no module; `-` reads as `_`.
fn module_segments(path: &cartograph_core::RepoPath) -> Vec<String> {
    let mut parts: Vec<&str> = path.as_str().split('/').collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    if !matches!(stem, "mod" | "lib" | "main" | "__init__" | "index") {
        parts.push(stem);
    }
    parts
        .into_iter()
        .filter(|part| *part != "src")
        .map(|part| part.replace('-', "_"))
        .collect()
}

/// Where a definition of `name` in `defined_in` is used: first the files that the reference
/// graph says use it (imports and re-exports followed to the defining file), then the other
/// files that import `defined_in` and mention the name, and its own file; each with the lines
/// where the identifier occurs (for a use under another name, the lines of the import).
fn uses(snapshot: &Snapshot, root: &Path, defined_in: &FileMap, name: &str) -> Vec<Use> {
    let graph = &snapshot.index.graph;
    let mut referencing: Vec<&FileMap> = graph
        .referenced_by(&defined_in.path)
        .into_iter()
        .filter(|(_, names)| names.contains(&name))
        .filter_map(|(path, _)| snapshot.index.file(path))
        .collect();
    referencing.sort_by(|a, b| a.path.cmp(&b.path));
    let known: std::collections::HashSet<&cartograph_core::RepoPath> =
        referencing.iter().map(|file| &file.path).collect();
    let mut importing: Vec<&FileMap> = graph
        .dependents_of(&defined_in.path)
        .into_iter()
        .filter(|path| !known.contains(path))
        .filter_map(|path| snapshot.index.file(path))
        .collect();
    importing.push(defined_in);
    importing.sort_by(|a, b| a.path.cmp(&b.path));
    importing.dedup_by(|a, b| a.path == b.path);
    let mut found = Vec::new();
    let candidates = referencing
        .iter()
        .map(|file| (*file, true))
        .chain(importing.iter().map(|file| (*file, false)));
    for (file, referenced) in candidates {
        if found.len() >= MAX_USES {
            break;
        }
        if file.flags.secret || file.flags.local_only {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(root.join(file.path.as_str())) else {
            continue;
        };
        let defining_lines: Vec<u32> = if file.path == defined_in.path {
            file.parsed
                .symbols
                .iter()
                .filter(|symbol| symbol.name == name)
                .map(|symbol| symbol.line)
                .collect()
        } else {
            Vec::new()
        };
        let mut lines: Vec<u32> = text
            .lines()
            .enumerate()
            .filter(|(_, line)| contains_identifier(line, name))
            .map(|(at, _)| at as u32 + 1)
            .filter(|line| !defining_lines.contains(line))
            .collect();
        if lines.is_empty() && referenced {
            lines = file
                .parsed
                .imports
                .iter()
                .filter(|import| import.resolved.as_ref() == Some(&defined_in.path))
                .map(|import| import.line)
                .filter(|line| *line > 0)
                .collect();
            lines.dedup();
        }
        if !lines.is_empty() {
            found.push(Use {
                path: file.path.to_string(),
                lines,
            });
        }
    }
    found
}

/// `name` occurs in `line` as a whole identifier.
fn contains_identifier(line: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    line.match_indices(name).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + name.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

impl SymbolOutput {
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for definition in &self.definitions {
            let visibility = if definition.public {
                "public"
            } else {
                "private"
            };
            let parent = definition
                .parent
                .as_deref()
                .map(|parent| format!(" in {parent}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{} {} ({visibility}{parent}) at {}:{}-{}",
                definition.kind,
                definition.name,
                definition.path,
                definition.line,
                definition.end_line
            );
            let _ = writeln!(out, "    {}", definition.signature);
            if let Some(doc) = &definition.doc {
                for line in doc.lines().take(6) {
                    let _ = writeln!(out, "    /// {line}");
                }
            }
            if definition.used_in.is_empty() {
                out.push_str("  used in: no other place found\n");
            } else {
                out.push_str("  used in:\n");
                for used in &definition.used_in {
                    let lines: Vec<String> = used.lines.iter().map(u32::to_string).collect();
                    let _ = writeln!(out, "  - {}:{}", used.path, lines.join(","));
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// outline

#[derive(Debug, Deserialize, JsonSchema)]
pub struct OutlineInput {
    /// A file path (`src/retry.rs`) for its symbols, or a module directory (`crates/llm`,
    /// `""` or `.` for the root module) for its files and public API.
    pub path: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct OutlineOutput {
    pub path: String,
    /// `file` or `module`.
    pub kind: String,
    pub files: Vec<OutlineFile>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct OutlineFile {
    pub path: String,
    pub language: String,
    pub lines: u32,
    pub tokens: u32,
    pub doc: Option<String>,
    /// A test (by its path: `tests/`, `x_test.go`, `test_x.py`, …).
    pub test: bool,
    /// A file: every symbol; a module: the public top-level symbols, none for a test file
    /// (outside a module of tests): tests are no part of the API.
    pub symbols: Vec<OutlineSymbol>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct OutlineSymbol {
    pub name: String,
    pub kind: String,
    pub line: u32,
    pub end_line: u32,
    pub public: bool,
    pub parent: Option<String>,
    pub signature: String,
}

fn outline_file(file: &FileMap, public_only: bool) -> OutlineFile {
    OutlineFile {
        path: file.path.to_string(),
        language: file.language.to_string(),
        lines: file.lines,
        tokens: file.tokens,
        doc: file.parsed.doc.as_deref().map(redact),
        test: cartograph_graph::is_test_path(&file.path),
        symbols: file
            .parsed
            .symbols
            .iter()
            .filter(|symbol| !public_only || (is_public(symbol) && symbol.parent.is_none()))
            .filter(|symbol| !public_only || symbol.kind != SymbolKind::Heading)
            .map(|symbol| OutlineSymbol {
                name: symbol.name.to_string(),
                kind: symbol.kind.as_str().to_string(),
                line: symbol.line,
                end_line: symbol.end_line,
                public: is_public(symbol),
                parent: symbol.parent.as_deref().map(str::to_string),
                signature: redact(&symbol.signature),
            })
            .collect(),
    }
}

pub fn outline(snapshot: &Snapshot, input: &OutlineInput) -> Result<OutlineOutput, McpError> {
    if input.path.len() > MAX_ARGUMENT_BYTES {
        check_argument("path", &input.path)?;
    }
    let requested = input
        .path
        .trim()
        .trim_start_matches("./")
        .trim_end_matches('/');
    let requested = if requested == "." { "" } else { requested };
    if !requested.is_empty() {
        if let Ok(file) = readable_file(snapshot, requested) {
            return Ok(OutlineOutput {
                path: file.path.to_string(),
                kind: "file".into(),
                files: vec![outline_file(file, false)],
            });
        }
        // A secret or local-only file is refused, not looked up as a module.
        if let Err(error @ McpError::Refused(_)) = readable_file(snapshot, requested) {
            return Err(error);
        }
    }
    let module = snapshot
        .index
        .modules
        .iter()
        .find(|module| module.path == requested)
        .ok_or_else(|| {
            McpError::NotFound(format!(
                "`{}` is neither a file nor a module of the index",
                input.path
            ))
        })?;
    Ok(OutlineOutput {
        path: module.path.clone(),
        kind: "module".into(),
        files: module
            .files
            .iter()
            .filter_map(|path| snapshot.index.file(path))
            .filter(|file| !file.flags.secret && !file.flags.local_only)
            .map(|file| {
                let mut outlined = outline_file(file, true);
                if outlined.test && !cartograph_graph::is_test_dir(&module.path) {
                    outlined.symbols.clear();
                }
                outlined
            })
            .collect(),
    })
}

impl OutlineOutput {
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.kind == "module" {
            let shown = if self.path.is_empty() {
                "(root)"
            } else {
                &self.path
            };
            let _ = writeln!(
                out,
                "module {shown}: {} file(s), public API:",
                self.files.len()
            );
        }
        for file in &self.files {
            let _ = writeln!(
                out,
                "{} ({}, {} lines, {} tokens{})",
                file.path,
                file.language,
                file.lines,
                file.tokens,
                if file.test { ", tests" } else { "" }
            );
            if let Some(doc) = &file.doc {
                if let Some(first) = doc.lines().next() {
                    let _ = writeln!(out, "  {first}");
                }
            }
            for symbol in &file.symbols {
                let indent = if symbol.parent.is_some() {
                    "    "
                } else {
                    "  "
                };
                let _ = writeln!(
                    out,
                    "{indent}{}:{}-{} {} {}",
                    file.path, symbol.line, symbol.end_line, symbol.kind, symbol.signature
                );
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// read

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ReadInput {
    /// A file path relative to the repository root.
    pub path: String,
    /// First line to return, 1-based (default 1).
    #[serde(default, deserialize_with = "lenient_number")]
    pub start_line: Option<u32>,
    /// Last line to return, inclusive (default: the end of the file).
    #[serde(default, deserialize_with = "lenient_number")]
    pub end_line: Option<u32>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ReadOutput {
    pub path: String,
    pub start_line: u32,
    /// The last line returned.
    pub end_line: u32,
    pub total_lines: u32,
    pub text: String,
    pub tokens: u32,
    /// The range was cut at `[mcp] max_read_tokens`; ask again from `end_line + 1`.
    pub truncated: bool,
    /// Secrets replaced by placeholders.
    pub redactions: u32,
}

pub fn read(
    snapshot: &Snapshot,
    root: &Path,
    input: &ReadInput,
    max_tokens: u32,
    max_file_bytes: u64,
) -> Result<ReadOutput, McpError> {
    check_argument("path", &input.path)?;
    let file = readable_file(snapshot, &input.path)?;
    let read = read_lines(
        root,
        file,
        input.start_line,
        input.end_line,
        max_tokens,
        max_file_bytes,
    )?;
    Ok(ReadOutput {
        path: read.path,
        start_line: read.start_line,
        end_line: read.end_line,
        total_lines: read.total_lines,
        text: read.text,
        tokens: read.tokens,
        truncated: read.truncated,
        redactions: read.redactions,
    })
}

impl ReadOutput {
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{}:{}-{} (of {} lines)\n",
            self.path, self.start_line, self.end_line, self.total_lines
        );
        out.push_str(&self.text);
        if !self.text.ends_with('\n') && !self.text.is_empty() {
            out.push('\n');
        }
        if self.truncated {
            let _ = writeln!(
                out,
                "[cut at the read limit; continue with start_line = {}]",
                self.end_line + 1
            );
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// page

#[derive(Debug, Deserialize, JsonSchema)]
pub struct PageInput {
    /// `index`, `architecture`, `onboarding`, `dependencies`, a module path (`crates/llm`), or
    /// a page path of the docs folder (`modules/crates/llm.md`, `llms.txt`).
    pub name: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PageOutput {
    /// The page's path in the docs folder.
    pub path: String,
    /// `docs` when read from the docs folder, `index` when written from the index just now.
    pub source: String,
    pub text: String,
}

// ---------------------------------------------------------------------------------------------
// ask

#[derive(Debug, Deserialize, JsonSchema)]
pub struct AskInput {
    /// A question about the code.
    pub question: String,
    /// The most this call may spend, in USD (it also stays within `[budget]` and what is left
    /// of `[mcp] max_cost_usd`).
    #[serde(default, deserialize_with = "lenient_number")]
    pub max_cost_usd: Option<f64>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct AskOutput {
    pub question: String,
    /// `model` when a run model answered; `selection` when none is configured or none could
    /// answer and the lens selection is returned instead.
    pub source: String,
    pub answer: String,
    /// The files the answer drew on, best first.
    pub files: Vec<String>,
    pub cost_usd: f64,
    /// What is left of `[mcp] max_cost_usd` for this server.
    pub remaining_usd: f64,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn numbers_may_come_as_text() {
        let parse = |value: serde_json::Value| serde_json::from_value::<ReadInput>(value);
        let read =
            parse(serde_json::json!({"path": "a.rs", "start_line": "3", "end_line": 9})).unwrap();
        assert_eq!((read.start_line, read.end_line), (Some(3), Some(9)));
        let read = parse(serde_json::json!({"path": "a.rs"})).unwrap();
        assert_eq!((read.start_line, read.end_line), (None, None));
        assert!(parse(serde_json::json!({"path": "a.rs", "start_line": "three"})).is_err());
        assert!(parse(serde_json::json!({"path": "a.rs", "start_line": -1})).is_err());
    }

    #[test]
    fn identifiers_match_whole() {
        assert!(contains_identifier(
            "from .core import summarize",
            "summarize"
        ));
        assert!(contains_identifier("x = summarize(y)", "summarize"));
        assert!(!contains_identifier("summarized = 1", "summarize"));
        assert!(!contains_identifier("resummarize()", "summarize"));
    }

    fn file(path: &str) -> FileMap {
        FileMap {
            path: cartograph_core::RepoPath::new(path).unwrap(),
            hash: cartograph_core::ContentHash::of(path.as_bytes()),
            language: cartograph_core::Language::Rust,
            bytes: 0,
            lines: 0,
            tokens: 0,
            flags: Default::default(),
            parsed: Default::default(),
        }
    }

    fn symbol(name: &str, parent: Option<&str>) -> Symbol {
        Symbol {
            kind: SymbolKind::Struct,
            name: name.into(),
            line: 1,
            end_line: 1,
            signature: "".into(),
            doc: None,
            visibility: None,
            parent: parent.map(Into::into),
        }
    }

    #[test]
    fn qualified_names_pick_module_or_type() {
        let hir = file("regex-syntax/src/hir/mod.rs");
        let ast = file("regex-syntax/src/ast/mod.rs");
        let translate = file("crates/my-lib/src/hir/translate.rs");
        let plain = symbol("Hir", None);
        let method = symbol("new", Some("Translator"));
        for (query, file, symbol, expected) in [
            ("hir::Hir", &hir, &plain, true),
            ("crate::hir::Hir", &hir, &plain, true),
            ("regex_syntax::hir::Hir", &hir, &plain, true),
            ("hir::Hir", &ast, &plain, false),
            ("my_lib::hir::translate::new", &translate, &method, true),
            ("Translator::new", &translate, &method, true),
            ("Other::new", &translate, &method, false),
            ("Hir", &ast, &plain, true),
            ("regex-syntax/src/hir/mod.rs::Hir", &hir, &plain, true),
            ("regex-syntax/src/hir/mod.rs::Hir", &ast, &plain, false),
        ] {
            let wanted = Qualified::parse(query);
            assert_eq!(
                wanted.admits(file, symbol),
                expected,
                "{query} in {}",
                file.path
            );
        }
        assert_eq!(
            Qualified::parse("Forecast.summary").parent,
            Some("Forecast")
        );
        assert_eq!(Qualified::parse("a::b::").name, "a::b::");
    }

    #[test]
    fn oversized_and_empty_arguments_are_refused() {
        assert!(check_argument("query", "retry").is_ok());
        assert!(check_argument("query", "  ").is_err());
        assert!(check_argument("query", &"x".repeat(MAX_ARGUMENT_BYTES + 1)).is_err());
    }
}
