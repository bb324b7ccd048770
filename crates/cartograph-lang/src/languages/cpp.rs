//! C++: what C has, plus namespaces, classes, methods (in the class body or defined out of line
//! as `Foo::bar`), `using` aliases and concepts; templates wrap their definition.

use super::{c, Container, Definition, LanguageSupport};
use crate::comments::CommentStyle;
use crate::text::{self, node_text};
use cartograph_core::{ImportKind, RepoPath, Visibility};

pub(crate) struct Cpp;

impl LanguageSupport for Cpp {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_cpp::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/cpp.scm")
    }

    fn import_kind(&self) -> ImportKind {
        ImportKind::Include
    }

    fn call_kinds(&self) -> &'static [&'static str] {
        &["call_expression"]
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::CFamily { plain_blocks: true }
    }

    fn local_scopes(&self) -> &'static [&'static str] {
        &["function_definition", "lambda_expression"]
    }

    fn wrappers(&self) -> &'static [&'static str] {
        &["template_declaration"]
    }

    /// Template parameters count as an attribute: they do not end a template wrapper, and they
    /// are not where a signature starts.
    fn attributes(&self) -> &'static [&'static str] {
        &[
            "attribute_specifier",
            "attribute_declaration",
            "template_parameter_list",
        ]
    }

    /// `void Foo::bar()` is named `bar`.
    fn name(&self, definition: &Definition<'_>, source: &str) -> Option<String> {
        let name = c::name(definition, source)?;
        if !is_function(definition) {
            return Some(name);
        }
        Some(match split_qualified(&name) {
            Some((_, last)) => last.to_string(),
            None => name,
        })
    }

    /// `static` at namespace or file scope is file-local, as in C.
    fn visibility(
        &self,
        definition: &Definition<'_>,
        _name: &str,
        container: Option<Container<'_>>,
        source: &str,
    ) -> Option<Visibility> {
        if self.explicit_parent(definition, source).is_some() {
            return None;
        }
        c::file_local_visibility(definition, container, source)
    }

    /// `void Foo::bar()` (or `Foo<T>::bar`) is a method of `Foo`.
    fn explicit_parent(&self, definition: &Definition<'_>, source: &str) -> Option<String> {
        if !is_function(definition) {
            return None;
        }
        let declarator = c::function_name(definition.name?)?;
        let qualified = text::collapse_whitespace(node_text(declarator, source));
        let (scope, _) = split_qualified(&qualified)?;
        let scope = scope.rsplit("::").next().unwrap_or(scope);
        let scope = scope.split('<').next().unwrap_or(scope).trim();
        (!scope.is_empty()).then(|| scope.to_string())
    }

    /// Includes resolve against the include directories of the whole tree:
    /// `crate::resolve::c`.
    fn resolve_import(
        &self,
        _from: &RepoPath,
        _raw: &str,
        _files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        None
    }
}

fn is_function(definition: &Definition<'_>) -> bool {
    matches!(
        definition.node.kind(),
        "function_definition" | "declaration" | "field_declaration"
    )
}

/// `a::Foo<T>::bar` splits into `a::Foo<T>` and `bar`; the `::` inside template arguments do
/// not count.
fn split_qualified(name: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    let mut split = None;
    for (index, character) in name.char_indices() {
        match character {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ':' if depth == 0 && name[index..].starts_with("::") => split = Some(index),
            _ => {}
        }
    }
    let index = split?;
    Some((&name[..index], &name[index + 2..]))
}

#[cfg(test)]
mod tests {
    use super::split_qualified;

    #[test]
    fn splits_qualified_names() {
        assert_eq!(split_qualified("Foo::bar"), Some(("Foo", "bar")));
        assert_eq!(
            split_qualified("a::Foo<b::C>::bar"),
            Some(("a::Foo<b::C>", "bar"))
        );
        assert_eq!(split_qualified("bar"), None);
    }
}
