//! Go: functions, methods (whose parent is the receiver's type), types, package-level constants
//! and variables; exported names are public; `//` docs; the package comment as the file doc.

use super::{Container, Definition, FileContext, LanguageSupport};
use crate::comments::{self, CommentStyle};
use crate::resolve::first_existing;
use crate::text::node_text;
use cartograph_core::{RepoPath, Visibility};

pub(crate) struct Go;

impl LanguageSupport for Go {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_go::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/go.scm")
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Slashes
    }

    fn local_scopes(&self) -> &'static [&'static str] {
        &["function_declaration", "method_declaration", "func_literal"]
    }

    fn wrappers(&self) -> &'static [&'static str] {
        &["type_declaration", "const_declaration", "var_declaration"]
    }

    /// The receiver's type, without pointer or type arguments: `func (s *Stack[T]) Push` is a
    /// method of `Stack`.
    fn explicit_parent(&self, definition: &Definition<'_>, source: &str) -> Option<String> {
        let receiver = definition.node.child_by_field_name("receiver")?;
        let mut cursor = receiver.walk();
        let parameter = receiver
            .named_children(&mut cursor)
            .find(|child| child.kind() == "parameter_declaration")?;
        let receiver_type = node_text(parameter.child_by_field_name("type")?, source);
        let name = receiver_type.trim_start_matches(['*', '(', ' ']);
        let name = name.split(['[', ')', ' ']).next().unwrap_or(name);
        (!name.is_empty()).then(|| name.to_string())
    }

    fn visibility(
        &self,
        _definition: &Definition<'_>,
        name: &str,
        _container: Option<Container<'_>>,
        _source: &str,
    ) -> Option<Visibility> {
        let exported = name.chars().next().is_some_and(char::is_uppercase);
        Some(if exported {
            Visibility::Public
        } else {
            Visibility::Private
        })
    }

    /// The package comment: the comment directly above `package`.
    fn file_doc(&self, file: &FileContext<'_, '_>) -> Option<String> {
        let mut cursor = file.root.walk();
        let package = file
            .root
            .named_children(&mut cursor)
            .find(|child| child.kind() == "package_clause")?;
        comments::symbol_doc(
            CommentStyle::Slashes,
            file.trivia,
            file.source,
            package.start_byte(),
        )
    }

    /// Go imports name packages, that is directories; the callback cannot list one, so the
    /// package resolves to its `<name>.go` or `doc.go`, in the directory named by the longest
    /// suffix of the import path that exists.
    fn resolve_import(
        &self,
        _from: &RepoPath,
        raw: &str,
        files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        let segments: Vec<&str> = raw
            .split('/')
            .filter(|segment| !segment.is_empty())
            .collect();
        let last = segments.last()?;
        // A one-word path without a dot is the standard library (`fmt`, `errors`).
        if segments.len() == 1 && !last.contains('.') {
            return None;
        }
        let candidates = [format!("{last}.go"), "doc.go".to_string()];
        (0..segments.len())
            .find_map(|start| first_existing(&segments[start..].join("/"), &candidates, files))
    }
}
