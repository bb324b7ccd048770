//! JavaScript: functions, classes, methods, top-level functions held in `const`s, exported
//! constants; `import`, `export ... from` (a re-export), `require()` and `import()`, resolved
//! against the whole tree in `crate::resolve::javascript`. TypeScript reuses the rules here.

use super::{Container, Definition, LanguageSupport};
use crate::comments::CommentStyle;
use crate::text::{node_text, strip_quotes};
use cartograph_core::{Import, ImportKind, RepoPath, Visibility};
use tree_sitter::Node;

pub(crate) struct JavaScript;

impl LanguageSupport for JavaScript {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_javascript::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/javascript.scm")
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::CFamily {
            plain_blocks: false,
        }
    }

    fn local_scopes(&self) -> &'static [&'static str] {
        LOCAL_SCOPES
    }

    fn wrappers(&self) -> &'static [&'static str] {
        WRAPPERS
    }

    fn attributes(&self) -> &'static [&'static str] {
        &["decorator"]
    }

    fn visibility(
        &self,
        definition: &Definition<'_>,
        name: &str,
        _container: Option<Container<'_>>,
        source: &str,
    ) -> Option<Visibility> {
        visibility(definition, name, source)
    }

    /// Specifiers resolve against tsconfig paths and workspace packages of the whole tree:
    /// `crate::resolve::javascript`.
    fn resolve_import(
        &self,
        _from: &RepoPath,
        _raw: &str,
        _files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        None
    }

    fn imports(&self, tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
        specifier_import(tag, node, source, imports);
    }
}

/// The specifier of an `import`, `require()`, `import()` or `export ... from`, the last kind
/// `Reexport` (the query tags it `reexport`).
pub(crate) fn specifier_import(tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
    let first = imports.len();
    super::push_import(imports, strip_quotes(node_text(node, source)));
    if tag == "reexport" {
        for import in &mut imports[first..] {
            import.kind = ImportKind::Reexport;
        }
    }
}

pub(crate) const LOCAL_SCOPES: &[&str] = &[
    "function_declaration",
    "generator_function_declaration",
    "function_expression",
    "generator_function",
    "arrow_function",
    "method_definition",
    "class_static_block",
];

pub(crate) const WRAPPERS: &[&str] = &[
    "export_statement",
    "lexical_declaration",
    "variable_declaration",
    "ambient_declaration",
];

/// Exported top-level definitions are public, `#private` members private, and TypeScript's
/// access modifiers say what they say; anything else is left unknown.
pub(crate) fn visibility(
    definition: &Definition<'_>,
    name: &str,
    source: &str,
) -> Option<Visibility> {
    if definition.outer.kind() == "export_statement" {
        return Some(Visibility::Public);
    }
    if name.starts_with('#') {
        return Some(Visibility::Private);
    }
    let modifier = super::child_of_kind(definition.node, &["accessibility_modifier"])?;
    super::visibility_from_modifiers(node_text(modifier, source))
}
