//! The structural map of one file: what parsing found, and what the scan learned about it.

use crate::{ContentHash, Language, RepoPath};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SymbolKind {
    Module,
    Function,
    Method,
    Struct,
    Class,
    Enum,
    Union,
    Trait,
    Interface,
    Impl,
    TypeAlias,
    Constant,
    Variable,
    Macro,
    Field,
    /// A Markdown heading.
    Heading,
}

impl SymbolKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SymbolKind::Module => "module",
            SymbolKind::Function => "function",
            SymbolKind::Method => "method",
            SymbolKind::Struct => "struct",
            SymbolKind::Class => "class",
            SymbolKind::Enum => "enum",
            SymbolKind::Union => "union",
            SymbolKind::Trait => "trait",
            SymbolKind::Interface => "interface",
            SymbolKind::Impl => "impl",
            SymbolKind::TypeAlias => "type_alias",
            SymbolKind::Constant => "constant",
            SymbolKind::Variable => "variable",
            SymbolKind::Macro => "macro",
            SymbolKind::Field => "field",
            SymbolKind::Heading => "heading",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Public,
    Crate,
    Protected,
    Private,
}

/// A named definition in a file. Lines are 1-based and inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symbol {
    pub kind: SymbolKind,
    pub name: String,
    pub line: u32,
    pub end_line: u32,
    /// The first line of the definition, trimmed (at most ~200 characters).
    pub signature: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    /// The enclosing class, impl, trait or module, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// One import, `use`, `require` or `#include`: the text as written and, where the language
/// allows, the repository file it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    pub raw: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<RepoPath>,
}

/// What parsing one file's text found. Parsing never fails: syntax errors are counted here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ParsedFile {
    /// The file's own leading doc comment (module docstring, `//!` lines, a leading block).
    pub doc: Option<String>,
    pub symbols: Vec<Symbol>,
    /// Imports as written; `resolved` is filled in later, when the whole file set is known.
    pub imports: Vec<Import>,
    /// Number of ERROR or MISSING nodes in the syntax tree.
    pub syntax_errors: u32,
    /// A hash of the syntax tree without comments (doc comments kept) and insignificant
    /// whitespace: two versions of a file that differ only in those share it.
    pub semantic_hash: Option<ContentHash>,
    /// Parsing hit its time limit: a result that depends on how busy the machine was, so it
    /// is never cached and the file is parsed again next run.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub timed_out: bool,
}

/// Why a file is indexed but never sent to a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FileFlags {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub generated: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub vendored: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lockfile: bool,
    /// Listed by path only (`.env`, keys): never opened.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub secret: bool,
    /// `[scan] local_only`: may only go to providers with `local = true`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub local_only: bool,
}

impl FileFlags {
    /// True when no model may be asked to summarize the file.
    pub fn never_summarize(&self) -> bool {
        self.generated || self.vendored || self.lockfile || self.secret
    }
}

/// The structural map of one file at one path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMap {
    pub path: RepoPath,
    pub hash: ContentHash,
    pub language: Language,
    pub bytes: u64,
    pub lines: u32,
    /// o200k_base tokens of the whole file.
    pub tokens: u32,
    #[serde(default)]
    pub flags: FileFlags,
    #[serde(flatten)]
    pub parsed: ParsedFile,
}

/// Why a file was left out of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    Binary,
    TooLarge,
    InvalidUtf8,
    Minified,
    SymlinkOutsideRepository,
    SymlinkLoop,
    BrokenSymlink,
    Unreadable,
    Vanished,
    ChangedDuringScan,
    NonUtf8Path,
    SpecialFile,
    /// A symlink to a directory: its files are indexed at their real paths, never twice.
    SymlinkedDirectory,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too_large",
            SkipReason::InvalidUtf8 => "invalid_utf8",
            SkipReason::Minified => "minified",
            SkipReason::SymlinkOutsideRepository => "symlink_outside_repository",
            SkipReason::SymlinkLoop => "symlink_loop",
            SkipReason::BrokenSymlink => "broken_symlink",
            SkipReason::Unreadable => "unreadable",
            SkipReason::Vanished => "vanished",
            SkipReason::ChangedDuringScan => "changed_during_scan",
            SkipReason::NonUtf8Path => "non_utf8_path",
            SkipReason::SpecialFile => "special_file",
            SkipReason::SymlinkedDirectory => "symlinked_directory",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedFile {
    /// The path relative to the root, lossily converted when it is not UTF-8.
    pub path: String,
    pub reason: SkipReason,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A module: a package directory (`Cargo.toml`, `__init__.py`, `package.json`, `go.mod`, ...) or
/// else a top-level source directory, with the files it owns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Module {
    /// The module's directory, `""` for the repository root.
    pub path: String,
    pub files: Vec<RepoPath>,
}
